/** The wallet front: its name in titles, where it is mounted, where its session is kept. */
export const APP = 'Saoma wallet';
export const BASE = '/app';
export const SESSION_KEY = 'saoma.wallet.session';
