import { Decimal } from 'decimal.js';
import { Money } from './money';
import { MoneyError } from './money-error';
import { exactScaled } from './rounding';

/**
 * Split `total` into parts proportional to `weights` that add up exactly to
 * `total` (largest-remainder method). Each part is within one minor unit of
 * its exact share; leftover units go to the largest remainders, ties to the
 * earliest part, so the result is deterministic. A zero weight gets zero.
 */
export function allocate(total: Money, weights: ReadonlyArray<bigint | Decimal>): Money[] {
  if (weights.length === 0) throw new MoneyError('invalid_amount', 'allocation needs at least one weight');
  const ints = toCommonScale(weights);
  const sum = ints.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new MoneyError('invalid_amount', 'allocation weights must not all be zero');

  // Work on the magnitude so a negative total splits as the mirror of a positive one.
  const negative = total.isNegative();
  const amount = negative ? -total.minor : total.minor;
  const parts = ints.map((w) => (amount * w) / sum);
  const remainders = ints.map((w) => (amount * w) % sum);
  let leftover = amount - parts.reduce((a, b) => a + b, 0n); // < weights.length

  // Stable sort: equal remainders keep index order, i.e. ties go to the earliest part.
  const order = remainders
    .map((_, i) => i)
    .sort((a, b) => (remainders[a] > remainders[b] ? -1 : remainders[a] < remainders[b] ? 1 : 0));
  for (const i of order) {
    if (leftover === 0n) break;
    parts[i] += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => Money.of(negative ? -p : p, total.currency));
}

/** Exact integer weights: Decimals are scaled by a common power of ten. */
function toCommonScale(weights: ReadonlyArray<bigint | Decimal>): bigint[] {
  const scaled = weights.map((w, i) => {
    const s = typeof w === 'bigint' ? { int: w, scale: 0 } : exactScaled(w, `weight #${i}`, 'invalid_amount');
    if (s.int < 0n) throw new MoneyError('invalid_amount', `weight #${i} must not be negative`);
    return s;
  });
  const scale = Math.max(...scaled.map((s) => s.scale));
  return scaled.map((s) => s.int * 10n ** BigInt(scale - s.scale));
}
