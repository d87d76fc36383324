/** The merchant portal: its name in titles, where it is mounted, where its API key is kept. */
export const APP = 'Saoma merchant portal';
export const BASE = '/merchant';
export const KEY = 'saoma.merchant.apiKey';
