/**
 * ISO 4217 numeric -> alphabetic codes for the currencies a QR wallet is
 * likely to meet (tag 53 is numeric). Unknown codes are reported as the
 * numeric string rather than refused: the list changes, the QR stays valid.
 */
const ALPHA_BY_NUMERIC: Readonly<Record<string, string>> = {
  '036': 'AUD',
  '104': 'MMK',
  '116': 'KHR',
  '124': 'CAD',
  '152': 'CLP',
  '156': 'CNY',
  '170': 'COP',
  '344': 'HKD',
  '356': 'INR',
  '360': 'IDR',
  '392': 'JPY',
  '410': 'KRW',
  '418': 'LAK',
  '446': 'MOP',
  '458': 'MYR',
  '484': 'MXN',
  '524': 'NPR',
  '554': 'NZD',
  '586': 'PKR',
  '604': 'PEN',
  '608': 'PHP',
  '643': 'RUB',
  '682': 'SAR',
  '702': 'SGD',
  '704': 'VND',
  '710': 'ZAR',
  '756': 'CHF',
  '764': 'THB',
  '784': 'AED',
  '826': 'GBP',
  '840': 'USD',
  '901': 'TWD',
  '949': 'TRY',
  '978': 'EUR',
  '986': 'BRL',
  '032': 'ARS',
  '050': 'BDT',
  '144': 'LKR',
};

export function currencyAlphaFromNumeric(numeric: string): string | undefined {
  return Object.hasOwn(ALPHA_BY_NUMERIC, numeric) ? ALPHA_BY_NUMERIC[numeric] : undefined;
}
