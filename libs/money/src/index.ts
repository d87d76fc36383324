export { Decimal } from 'decimal.js';
export * from './money-error';
export * from './currency';
export { Money, MAX_AMOUNT_INT_DIGITS, type ParseMoneyOptions } from './money';
export { roundToMinor } from './rounding';
export { allocate } from './allocate';
export { parseRate, MAX_RATE_FRAC_DIGITS } from './rate';
