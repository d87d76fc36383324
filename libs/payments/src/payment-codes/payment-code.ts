import { generate, verify } from 'otplib';

/*
 * The consumer-presented payment code (付款码): "28", one single-use handle
 * of the consumer's pack (10 digits), then the 6-digit TOTP of the pack's
 * key for the moment it is shown (RFC 6238, HMAC-SHA-256, 60 s from the Unix
 * epoch). The phone computes it offline; the service checks it. This file
 * has no Node imports: the consumer app computes its codes with it too.
 */
export const PAYMENT_CODE_PREFIX = '28';
export const HANDLE_DIGITS = 10;
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 60;
/** How many handles a pack holds. */
export const HANDLES_PER_PACK = 20;
/** The key's length: 32 random bytes, the HMAC-SHA-256 key. */
export const KEY_BYTES = 32;

const CODE = new RegExp(`^${PAYMENT_CODE_PREFIX}(\\d{${HANDLE_DIGITS}})(\\d{${TOTP_DIGITS}})$`);

export interface PaymentCodeParts {
  handle: string;
  totp: string;
}

export function paymentCodeOf(parts: PaymentCodeParts): string {
  return `${PAYMENT_CODE_PREFIX}${parts.handle}${parts.totp}`;
}

/** The handle and TOTP of a scanned or typed code (spaces and dashes of a typed code ignored), or null. */
export function parsePaymentCode(text: string): PaymentCodeParts | null {
  const m = CODE.exec(text.replace(/[\s-]/g, ''));
  return m ? { handle: m[1], totp: m[2] } : null;
}

const options = (key: Uint8Array) =>
  ({ secret: new Uint8Array(key), algorithm: 'sha256', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS }) as const;

/** The TOTP of `key` at a moment (Unix seconds). */
export function totpAt(key: Uint8Array, epochSeconds: number): Promise<string> {
  return generate({ ...options(key), epoch: Math.floor(epochSeconds) });
}

/**
 * Whether `totp` is the key's code for the period of `epochSeconds`, the one
 * before or the one after (a phone's clock a minute off either way).
 */
export async function totpMatches(key: Uint8Array, totp: string, epochSeconds: number): Promise<boolean> {
  if (!/^\d{6}$/.test(totp)) return false;
  const r = await verify({
    ...options(key),
    token: totp,
    epoch: Math.floor(epochSeconds),
    epochTolerance: TOTP_PERIOD_SECONDS,
  });
  return r.valid;
}
