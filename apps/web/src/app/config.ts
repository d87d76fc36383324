/** The wallet front: where it is mounted, where its session is kept (its name in titles is app:title). */
export const BASE = '/app';
export const SESSION_KEY = 'saoma.wallet.session';
/** Where this phone keeps its pack of payment codes (with the TOTP key: never sent anywhere). */
export const PAYMENT_PACK_KEY = 'saoma.wallet.payment-codes';
