import { currencyOf, isSupportedCurrency, SUPPORTED_CURRENCIES } from './currency';
import { MoneyError } from './money-error';

describe('currency', () => {
  it('knows the ISO exponent and numeric code of CNY, JPY and BHD', () => {
    expect(currencyOf('CNY')).toEqual({ code: 'CNY', exponent: 2, numeric: '156' });
    expect(currencyOf('JPY')).toEqual({ code: 'JPY', exponent: 0, numeric: '392' });
    expect(currencyOf('BHD')).toEqual({ code: 'BHD', exponent: 3, numeric: '048' });
  });

  it('supports at least the currencies Saoma settles in', () => {
    const exponents = Object.fromEntries(SUPPORTED_CURRENCIES.map((c) => [c.code, c.exponent]));
    for (const code of ['CNY', 'EUR', 'USD', 'GBP', 'HKD', 'SGD', 'BRL', 'THB']) expect(exponents[code]).toBe(2);
    for (const code of ['JPY', 'KRW']) expect(exponents[code]).toBe(0);
    for (const code of ['BHD', 'KWD']) expect(exponents[code]).toBe(3);
  });

  it('lists each code once with a three-digit numeric code', () => {
    const codes = SUPPORTED_CURRENCIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of SUPPORTED_CURRENCIES) {
      expect(c.code).toMatch(/^[A-Z]{3}$/);
      expect(c.numeric).toMatch(/^[0-9]{3}$/);
    }
  });

  it('refuses an unknown, lower-case or inherited-property code', () => {
    for (const code of ['XXX', 'cny', '', 'toString', '__proto__']) {
      expect(isSupportedCurrency(code)).toBe(false);
      expect(() => currencyOf(code)).toThrow(expect.objectContaining({ code: 'unsupported_currency' }));
    }
    expect(() => currencyOf('XXX')).toThrow(MoneyError);
  });

  it('cannot be modified by a caller', () => {
    expect(Object.isFrozen(SUPPORTED_CURRENCIES)).toBe(true);
    expect(Object.isFrozen(currencyOf('CNY'))).toBe(true);
  });
});
