import crypto from 'node:crypto';

export type EnvelopeSplit = 'equal' | 'random';

/** A uniform draw of an integer in [min, max], both included. */
export type UniformDraw = (min: bigint, max: bigint) => bigint;

// crypto.randomInt takes ranges below 2^48
const RANDOM_INT_RANGE = 2n ** 48n - 1n;

/** crypto's uniform integers, for ranges of any size (rejection sampling beyond randomInt's). */
export const cryptoDraw: UniformDraw = (min, max) => {
  const range = max - min + 1n;
  if (range <= RANDOM_INT_RANGE) return min + BigInt(crypto.randomInt(Number(range)));
  const bytes = Math.ceil(range.toString(16).length / 2) + 1;
  const limit = (1n << BigInt(bytes * 8)) - ((1n << BigInt(bytes * 8)) % range);
  for (;;) {
    const x = BigInt(`0x${crypto.randomBytes(bytes).toString('hex')}`);
    if (x < limit) return min + (x % range);
  }
};

/**
 * The shares of a red envelope, in minor units, in the order they are
 * claimed; they add up to `total` exactly and each is at least one minor
 * unit (the caller refuses total < count).
 *
 * - equal: every share the same, but for the last minor units, spread one
 *   each over the first shares;
 * - random: each share drawn uniformly between one minor unit and twice
 *   the mean of what is left, keeping one minor unit for each share after
 *   it; the last share takes the rest.
 */
export function redEnvelopeShares(
  total: bigint,
  count: number,
  split: EnvelopeSplit,
  draw: UniformDraw = cryptoDraw,
): bigint[] {
  const n = BigInt(count);
  if (split === 'equal') {
    const base = total / n;
    const extra = total % n;
    return Array.from({ length: count }, (_, i) => base + (BigInt(i) < extra ? 1n : 0n));
  }
  const shares: bigint[] = [];
  let left = total;
  for (let i = 0; i < count - 1; i++) {
    const remaining = n - BigInt(i);
    const twiceMean = (2n * left) / remaining;
    const keep = remaining - 1n;
    const max = twiceMean < left - keep ? twiceMean : left - keep;
    const share = draw(1n, max);
    shares.push(share);
    left -= share;
  }
  shares.push(left);
  return shares;
}
