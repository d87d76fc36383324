import { MoneyError } from './money-error';

import { type Currency, SUPPORTED_CURRENCIES } from './currency-table';

export { type Currency, SUPPORTED_CURRENCIES };

// A Map rather than an object literal so that codes like 'toString' or
// '__proto__' cannot hit inherited properties.
const BY_CODE = new Map(SUPPORTED_CURRENCIES.map((c) => [c.code, c]));

/** Codes are case-sensitive: 'cny' is not accepted, so stored data stays canonical. */
export function isSupportedCurrency(code: string): boolean {
  return BY_CODE.has(code);
}

export function currencyOf(code: string): Currency {
  const currency = BY_CODE.get(code);
  if (!currency) {
    throw new MoneyError('unsupported_currency', `currency ${describe(code)} is not supported`);
  }
  return currency;
}

// Callers may hand us anything at runtime; keep the detail short and printable.
function describe(code: unknown): string {
  return typeof code === 'string' ? JSON.stringify(code.slice(0, 16)) : typeof code;
}
