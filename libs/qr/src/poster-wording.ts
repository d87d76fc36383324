/** The languages a poster speaks (BCP 47 tags, as in `?lang=`). */
export const POSTER_LANGUAGES = ['en', 'fr', 'zh-Hans'] as const;
export type PosterLanguage = (typeof POSTER_LANGUAGES)[number];

/** What a poster says, in one language. */
export interface PosterWording {
  language: PosterLanguage;
  /** The call to action under the code. */
  scanToPay: string;
  /** Before the code's reference, e.g. "Ref: " (the space included when the language wants one). */
  referencePrefix: string;
}

const WORDING: Readonly<Record<PosterLanguage, PosterWording>> = {
  en: { language: 'en', scanToPay: 'Scan to pay', referencePrefix: 'Ref: ' },
  fr: { language: 'fr', scanToPay: 'Scannez pour payer', referencePrefix: 'Réf. : ' },
  'zh-Hans': { language: 'zh-Hans', scanToPay: '扫码付款', referencePrefix: '编号：' },
};

/** Chinese-speaking markets; Simplified script, the one the shipped font draws. */
const CHINESE = new Set(['CN', 'TW', 'HK', 'MO', 'SG']);
/**
 * Where French is the language of the counter: France and its overseas
 * departments and collectivities, Belgium, Switzerland, Luxembourg, Monaco,
 * and the countries where French is the (first) official language. Canada is
 * not here: the merchant's province is not known, so Québec shops ask for
 * `?lang=fr`.
 */
const FRENCH = new Set([
  ...['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF'],
  ...['BE', 'CH', 'LU', 'MC'],
  ...['BJ', 'BF', 'BI', 'CD', 'CF', 'CG', 'CI', 'CM', 'DJ', 'GA', 'GN', 'HT', 'KM', 'MG', 'ML', 'NE', 'SN', 'TD', 'TG'],
]);

/** The language of a shop's poster from its country (ISO 3166-1 alpha-2); English elsewhere. */
export function posterLanguageFor(countryCode: string): PosterLanguage {
  const country = countryCode.toUpperCase();
  if (CHINESE.has(country)) return 'zh-Hans';
  if (FRENCH.has(country)) return 'fr';
  return 'en';
}

/** The poster's words: in `language` when given (the merchant's choice), else in the country's. */
export function posterWording(countryCode: string, language?: PosterLanguage): PosterWording {
  return WORDING[language ?? posterLanguageFor(countryCode)];
}

/** Currency signs a reader of the poster's languages recognises; other currencies show their ISO code. */
const SIGNS: Readonly<Record<string, string>> = {
  CNY: '¥',
  JPY: '¥',
  EUR: '€',
  GBP: '£',
  USD: 'US$',
  HKD: 'HK$',
  MOP: 'MOP$',
  TWD: 'NT$',
  SGD: 'S$',
  CAD: 'CA$',
  AUD: 'A$',
};

const NO_BREAK_SPACE = '\u00A0';

/**
 * A fixed amount as the poster prints it: "¥ 12.50", "US$ 1,234.00" in
 * English and Chinese, "12,50 €", "1 234,00 CHF" in French (no-break spaces,
 * so the sign never leaves its number). `amount` is the decimal string of the
 * API (Money.format(): "12.50", JPY "500"); the digits are only regrouped,
 * never parsed into a number.
 */
export function formatPosterAmount(amount: string, currency: string, language: PosterLanguage): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, int, frac] = m;
  const symbol = SIGNS[currency.toUpperCase()] ?? currency.toUpperCase();
  const french = language === 'fr';
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, french ? NO_BREAK_SPACE : ',');
  const number = `${sign}${grouped}${frac === undefined ? '' : (french ? ',' : '.') + frac}`;
  return french ? `${number}${NO_BREAK_SPACE}${symbol}` : `${symbol}${NO_BREAK_SPACE}${number}`;
}
