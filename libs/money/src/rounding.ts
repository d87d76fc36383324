import { Decimal } from 'decimal.js';
import { currencyOf } from './currency';
import { MoneyError } from './money-error';

/**
 * THE rounding rule of Saoma: half-up, i.e. ties go away from zero
 * (0.005 → 0.01, -0.005 → -0.01), to the currency's minor unit.
 * `value` is in MAJOR units; the result is in minor units.
 *
 * Works on the exact digits of `value` (decimal.js arithmetic would first
 * round to its global precision, a hidden second rounding).
 */
export function roundToMinor(value: Decimal, currency: string): bigint {
  const { exponent } = currencyOf(currency);
  const { int, scale } = exactScaled(value, 'value to round', 'invalid_amount');
  // value × 10^exponent = int / 10^(scale - exponent)
  return scale <= exponent ? int * 10n ** BigInt(exponent - scale) : divideHalfUp(int, 10n ** BigInt(scale - exponent));
}

/**
 * n / d rounded half away from zero: the integer primitive behind roundToMinor,
 * also used where the exact value is a fraction Decimal cannot hold (1/3).
 * Internal: not re-exported, so there is one public rounding rule.
 */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new MoneyError('invalid_amount', 'division by zero');
  if (d < 0n) return divideHalfUp(-n, -d);
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * The exact value of a finite Decimal as int / 10^scale. Throws `code`
 * for anything that is not a finite Decimal.
 */
export function exactScaled(
  value: unknown,
  what: string,
  code: 'invalid_amount' | 'invalid_rate',
): { int: bigint; scale: number } {
  if (!Decimal.isDecimal(value) || !value.isFinite()) {
    throw new MoneyError(code, `${what} must be a finite Decimal`);
  }
  // toFixed() without arguments prints every digit, unrounded, without exponent.
  const [whole, frac = ''] = value.toFixed().split('.');
  return { int: BigInt(whole + frac), scale: frac.length };
}
