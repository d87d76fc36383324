import { Decimal } from 'decimal.js';
import { splitDecimalText } from './decimal-text';
import { MoneyError } from './money-error';

/** Rates are configured and stored with at most 12 fraction digits. */
export const MAX_RATE_FRAC_DIGITS = 12;
// Not in the contract; only stops absurdly long input (rates and percents are small).
const MAX_RATE_INT_DIGITS = 12;

/**
 * Parse a rate such as "0.006" or a percent such as "10": a non-negative plain
 * decimal string, at most 12 fraction digits, and not above `opts.max`.
 */
export function parseRate(text: unknown, opts: { max?: Decimal } = {}): Decimal {
  const parts = splitDecimalText(text, {
    allowNegative: false,
    maxIntDigits: MAX_RATE_INT_DIGITS,
    maxFracDigits: MAX_RATE_FRAC_DIGITS,
    what: 'rate',
  });
  if (typeof parts === 'string') throw new MoneyError('invalid_rate', parts);
  const rate = new Decimal(text as string);
  if (opts.max !== undefined && rate.gt(opts.max)) {
    throw new MoneyError('invalid_rate', `rate must be at most ${opts.max.toFixed()}`);
  }
  return rate;
}
