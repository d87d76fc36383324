import crypto from 'node:crypto';
import { HANDLE_DIGITS, HANDLES_PER_PACK, KEY_BYTES } from './payment-code';

/** Fresh random handles, distinct, each of HANDLE_DIGITS digits (leading zeros kept). */
export function newHandles(count = HANDLES_PER_PACK): string[] {
  const handles = new Set<string>();
  while (handles.size < count) {
    const n = (BigInt(crypto.randomInt(0, 100_000)) * 100_000n + BigInt(crypto.randomInt(0, 100_000))).toString();
    handles.add(n.padStart(HANDLE_DIGITS, '0'));
  }
  return [...handles];
}

export const newPaymentCodeKey = (): Buffer => crypto.randomBytes(KEY_BYTES);
