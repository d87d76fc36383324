import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  pw: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  opts: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * PINs are 6 digits: a million guesses. A slow, memory-hard KDF (scrypt,
 * N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds a check) makes an
 * offline attack on a leaked table expensive; the online attack is stopped
 * by the lockout.
 */
export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

export async function hashPin(pin: string, params = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(params.saltBytes);
  const key = await scrypt(pin, salt, params.keylen, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  });
  return [
    'scrypt',
    Math.log2(params.N),
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const N = 1 << Number(logN);
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(pin, Buffer.from(saltText, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return crypto.timingSafeEqual(key, expected);
}

/** A hash of a PIN nobody has, to spend the same time on unknown phones. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPin(crypto.randomBytes(8).toString('hex'));
  return decoy;
}
