import { SUPPORTED_CURRENCIES } from '../../../../libs/money/src/currency-table';
import { currentLocale } from './i18n';
/** Amounts are decimal strings; these helpers never go through floating point. */

// where the narrow symbol says which currency it is to the people who use it ("¥", not "CN¥"); others keep Intl's own
const NARROW = new Set(['CNY', 'JPY', 'EUR', 'USD', 'GBP']);

/**
 * An amount in the reader's locale ("¥1,234.50", "1 234,50 €", "¥1,234.50"), from its decimal
 * string: Intl formats a numeric string exactly (never through a JS number), with the amount's
 * own digits; a minus is the typographic one.
 */
export function formatMoney(amount: string, currency: string, opts: { sign?: boolean } = {}): string {
  const digits = (amount.split('.')[1] ?? '').length;
  const format = new Intl.NumberFormat(currentLocale(), {
    style: 'currency',
    currency,
    currencyDisplay: NARROW.has(currency) ? 'narrowSymbol' : 'symbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: opts.sign ? 'exceptZero' : 'auto',
  });
  return format
    .formatToParts(amount.trim() as `${number}`)
    .map((p) => (p.type === 'minusSign' ? '−' : p.value))
    .join('');
}

/** "12.3" → 12300n thousandths: enough to compare any two amounts. */
export function toThousandths(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount: ${amount}`);
  const v = BigInt(m[2]) * 1000n + BigInt((m[3] ?? '').padEnd(3, '0') || '0');
  return m[1] ? -v : v;
}

export function isAmount(s: string, digits = 2): boolean {
  const re = digits === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}(\\.\\d{1,${digits}})?$`);
  return re.test(s.trim()) && /[1-9]/.test(s);
}

export function greaterThan(a: string, b: string): boolean {
  try {
    return toThousandths(a) > toThousandths(b);
  } catch {
    return false;
  }
}

/** The service's own table of currencies (libs/money): codes and their minor digits. */
export const CURRENCY_CODES: readonly string[] = SUPPORTED_CURRENCIES.map((c) => c.code);
const DIGITS = new Map(SUPPORTED_CURRENCIES.map((c) => [c.code, c.exponent]));
export const minorDigits = (currency: string): number => DIGITS.get(currency) ?? 2;

/** "12.3" → "12.30" for the currency. */
export function normalizeAmount(s: string, currency: string): string {
  const d = minorDigits(currency);
  const [int, frac = ''] = s.trim().split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  return d === 0 ? i : `${i}.${frac.padEnd(d, '0')}`;
}
