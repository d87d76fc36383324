import { Decimal } from 'decimal.js';
import { parseRate } from './rate';

const invalid = expect.objectContaining({ code: 'invalid_rate' });

describe('parseRate', () => {
  it('reads a fraction or a percent exactly', () => {
    expect(parseRate('0.006').toFixed()).toBe('0.006');
    expect(parseRate('10').toFixed()).toBe('10');
    expect(parseRate('0').isZero()).toBe(true);
    expect(parseRate('0.123456789012').toFixed()).toBe('0.123456789012');
    expect(parseRate('0.006')).toBeInstanceOf(Decimal);
  });

  it.each([
    ['a JSON number', 0.006],
    ['null', null],
    ['an empty string', ''],
    ['a sign', '-0.1'],
    ['a plus sign', '+0.1'],
    ['an exponent', '6e-3'],
    ['spaces', ' 0.1'],
    ['a bare fraction', '.1'],
    ['a bare point', '1.'],
    ['a percent sign', '10%'],
    ['13 fraction digits', '0.1234567890123'],
    ['leading zeros', '00.1'],
  ])('refuses %s', (_, input) => {
    expect(() => parseRate(input)).toThrow(invalid);
  });

  it('refuses a rate above the maximum', () => {
    expect(parseRate('1', { max: new Decimal(1) }).toFixed()).toBe('1');
    expect(() => parseRate('1.000000000001', { max: new Decimal(1) })).toThrow(invalid);
    expect(() => parseRate('101', { max: new Decimal(100) })).toThrow(
      expect.objectContaining({ detail: 'rate must be at most 100' }),
    );
  });
});
