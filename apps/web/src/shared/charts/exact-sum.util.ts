import { toThousandths } from '../money';

/**
 * Exact sums and comparisons of the service's decimal strings, for the totals
 * and summaries of the charts: in thousandths as BigInt (money.ts), never
 * through floating point. Every currency of the service has at most 3 decimals.
 */

/** The exact sum of amounts ("157.80" + "30.00" → "187.80"), with as many decimals as the most precise of them. */
export function sumAmounts(amounts: readonly string[]): string {
  const digits = amounts.reduce((d, a) => Math.max(d, (a.trim().split('.')[1] ?? '').length), 0);
  const total = amounts.reduce((s, a) => s + toThousandths(a), 0n);
  const negative = total < 0n;
  const abs = (negative ? -total : total).toString().padStart(4, '0');
  const int = abs.slice(0, -3);
  const frac = abs.slice(-3).slice(0, digits);
  return `${negative ? '-' : ''}${int}${digits ? `.${frac}` : ''}`;
}

/** <0, 0 or >0 as a is less than, equal to or more than b. */
export function compareAmounts(a: string, b: string): number {
  const d = toThousandths(a) - toThousandths(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Whether an amount is exactly zero ("0.00", "-0.00"). */
export const isZeroAmount = (a: string): boolean => toThousandths(a) === 0n;

/** Whether a count or an amount is exactly zero. */
export const isZeroValue = (v: number | string): boolean => (typeof v === 'number' ? v === 0 : isZeroAmount(v));

/** The sum of a series' values: counts added up, amounts exactly. */
export function sumValues(values: ReadonlyArray<number | string>): number | string {
  if (values.every((v) => typeof v === 'number')) return (values as number[]).reduce((s, v) => s + v, 0);
  return sumAmounts(values.map(String));
}

/** Where a series is highest (the first such place), or -1 when it is zero or less everywhere. */
export function peakIndex(values: ReadonlyArray<number | string>): number {
  let best = -1;
  values.forEach((v, i) => {
    const above = best < 0 ? compareValue(v, 0) > 0 : compareValue(v, values[best]) > 0;
    if (above) best = i;
  });
  return best;
}

function compareValue(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  return compareAmounts(String(a), String(b));
}
