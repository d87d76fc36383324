import { formatPosterAmount, POSTER_LANGUAGES, posterLanguageFor, posterWording } from '@saoma/qr';

const NBSP = '\u00A0';
/** Readable expectations: "12,50 €" stands for the no-break spaces the poster prints. */
const spaced = (text: string) => text.replaceAll(NBSP, ' ');

describe('the poster speaks the shop’s language', () => {
  it.each([
    ['CN', '扫码付款'],
    ['TW', '扫码付款'],
    ['HK', '扫码付款'],
    ['SG', '扫码付款'],
    ['FR', 'Scannez pour payer'],
    ['BE', 'Scannez pour payer'],
    ['CH', 'Scannez pour payer'],
    ['LU', 'Scannez pour payer'],
    ['MC', 'Scannez pour payer'],
    ['RE', 'Scannez pour payer'],
    ['SN', 'Scannez pour payer'],
    ['GB', 'Scan to pay'],
    ['US', 'Scan to pay'],
    ['CA', 'Scan to pay'],
    ['DE', 'Scan to pay'],
    ['JP', 'Scan to pay'],
  ])('a shop in %s: "%s"', (country, words) => {
    expect(posterWording(country).scanToPay).toBe(words);
  });

  it('reads the country case-insensitively', () => {
    expect(posterLanguageFor('fr')).toBe('fr');
    expect(posterLanguageFor('cn')).toBe('zh-Hans');
  });

  it('lets the merchant choose the language over the country’s', () => {
    expect(posterWording('CN', 'en').scanToPay).toBe('Scan to pay');
    expect(posterWording('CA', 'fr').scanToPay).toBe('Scannez pour payer');
    expect(posterWording('FR', 'zh-Hans').scanToPay).toBe('扫码付款');
    expect(POSTER_LANGUAGES).toEqual(['en', 'fr', 'zh-Hans']);
  });

  it('words the reference line in the same language', () => {
    expect(posterWording('GB').referencePrefix).toBe('Ref: ');
    expect(posterWording('FR').referencePrefix).toBe('Réf. : ');
    expect(posterWording('CN').referencePrefix).toBe('编号：');
  });
});

describe('the poster’s amount', () => {
  it.each([
    ['12.50', 'CNY', 'zh-Hans', '¥ 12.50'],
    ['12.50', 'CNY', 'en', '¥ 12.50'],
    ['12.50', 'EUR', 'fr', '12,50 €'],
    ['12.50', 'EUR', 'en', '€ 12.50'],
    ['1234567.00', 'EUR', 'fr', '1 234 567,00 €'],
    ['1234567.00', 'USD', 'en', 'US$ 1,234,567.00'],
    ['500', 'JPY', 'en', '¥ 500'],
    ['99.95', 'CHF', 'fr', '99,95 CHF'],
    ['8.000', 'BHD', 'en', 'BHD 8.000'],
    ['100.00', 'HKD', 'zh-Hans', 'HK$ 100.00'],
    ['0.01', 'SGD', 'en', 'S$ 0.01'],
  ] as const)('%s %s in %s: "%s"', (amount, currency, language, printed) => {
    expect(spaced(formatPosterAmount(amount, currency, language))).toBe(printed);
  });

  it('keeps the sign with its number (no-break spaces)', () => {
    expect(formatPosterAmount('12.50', 'EUR', 'fr')).toBe(`12,50${NBSP}€`);
    expect(formatPosterAmount('1000.00', 'EUR', 'fr')).toBe(`1${NBSP}000,00${NBSP}€`);
    expect(formatPosterAmount('12.50', 'CNY', 'zh-Hans')).toBe(`¥${NBSP}12.50`);
  });

  it('never goes through a JS number: every digit survives', () => {
    const huge = '999999999999.99';
    expect(spaced(formatPosterAmount(huge, 'CNY', 'en'))).toBe('¥ 999,999,999,999.99');
    expect(spaced(formatPosterAmount('90071992547409930.01', 'EUR', 'fr'))).toBe('90 071 992 547 409 930,01 €');
  });

  it('refuses text that is not a decimal amount', () => {
    for (const bad of ['', '12,50', '1e3', ' 12.50', '12.', '.5', 'NaN']) {
      expect(() => formatPosterAmount(bad, 'EUR', 'fr')).toThrow(RangeError);
    }
  });
});
