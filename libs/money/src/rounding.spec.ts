import { Decimal } from 'decimal.js';
import { roundToMinor } from './rounding';

const round = (v: string, c = 'CNY') => roundToMinor(new Decimal(v), c);

describe('roundToMinor', () => {
  it('rounds half-up to the minor unit', () => {
    expect(round('0.005')).toBe(1n);
    expect(round('0.0049999')).toBe(0n);
    expect(round('0.015')).toBe(2n);
    expect(round('0.025')).toBe(3n); // not banker's rounding
    expect(round('12.344')).toBe(1234n);
    expect(round('12.345')).toBe(1235n);
  });

  it('rounds negative ties away from zero', () => {
    expect(round('-0.005')).toBe(-1n);
    expect(round('-0.004')).toBe(0n);
    expect(round('-12.345')).toBe(-1235n);
    expect(round('-12.3449')).toBe(-1234n);
  });

  it('keeps exact values and scales whole numbers', () => {
    expect(round('12.3')).toBe(1230n);
    expect(round('7')).toBe(700n);
    expect(round('0')).toBe(0n);
    expect(round('-0')).toBe(0n);
  });

  it('uses the exponent of the currency', () => {
    expect(round('499.5', 'JPY')).toBe(500n);
    expect(round('499.4999', 'JPY')).toBe(499n);
    expect(round('-0.5', 'KRW')).toBe(-1n);
    expect(round('1.2345', 'BHD')).toBe(1235n);
    expect(round('1.2344', 'KWD')).toBe(1234n);
  });

  it('works on all digits, not decimal.js precision', () => {
    expect(round('123456789012345678901234.004999999999999999999')).toBe(12345678901234567890123400n);
    expect(round('0.00499999999999999999999999999999')).toBe(0n);
    expect(round('1e-40')).toBe(0n);
    expect(round('1e30')).toBe(10n ** 32n);
  });

  it('refuses a value that is not a finite Decimal', () => {
    expect(() => roundToMinor(new Decimal(NaN), 'CNY')).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    expect(() => roundToMinor(new Decimal(-Infinity), 'CNY')).toThrow(
      expect.objectContaining({ code: 'invalid_amount' }),
    );
    expect(() => roundToMinor(0.005 as unknown as Decimal, 'CNY')).toThrow(
      expect.objectContaining({ code: 'invalid_amount' }),
    );
  });

  it('refuses an unsupported currency', () => {
    expect(() => round('1', 'XXX')).toThrow(expect.objectContaining({ code: 'unsupported_currency' }));
  });
});
