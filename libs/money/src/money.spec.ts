import { Decimal } from 'decimal.js';
import { Money } from './money';
import { MoneyError, type MoneyErrorCode } from './money-error';

function thrown(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MoneyError) return e;
    throw e;
  }
  throw new Error('expected a MoneyError');
}

function expectCode(fn: () => unknown, code: MoneyErrorCode): MoneyError {
  const e = thrown(fn);
  expect(e.code).toBe(code);
  return e;
}

const cny = (minor: bigint) => Money.of(minor, 'CNY');

describe('Money.parse', () => {
  it('reads a CNY amount into minor units, short fractions padded', () => {
    expect(Money.parse('12.30', 'CNY').minor).toBe(1230n);
    expect(Money.parse('12.3', 'CNY').minor).toBe(1230n);
    expect(Money.parse('12', 'CNY').minor).toBe(1200n);
    expect(Money.parse('0.01', 'CNY').minor).toBe(1n);
    expect(Money.parse('12.30', 'CNY').currency).toBe('CNY');
  });

  it('reads JPY without and BHD with three fraction digits', () => {
    expect(Money.parse('500', 'JPY').minor).toBe(500n);
    expect(Money.parse('1.25', 'BHD').minor).toBe(1250n);
    expect(Money.parse('1.250', 'BHD').minor).toBe(1250n);
  });

  it('accepts twelve integer digits without losing precision', () => {
    expect(Money.parse('999999999999.99', 'CNY').minor).toBe(99999999999999n);
    expect(Money.parse('900719925474.09', 'CNY').minor).toBe(90071992547409n);
  });

  it.each([
    ['a JSON number', 12.3, 'not a number'],
    ['a JSON integer', 12, 'not a number'],
    ['null', null, 'is required'],
    ['undefined', undefined, 'is required'],
    ['an object', { amount: '1' }, 'not an object'],
    ['a bigint', 12n, 'not a bigint'],
    ['an empty string', '', 'must not be empty'],
    ['a minus sign', '-12.30', 'must not be negative'],
    ['a plus sign', '+12.30', 'plain decimal'],
    ['an exponent', '1e3', 'plain decimal'],
    ['an upper-case exponent', '1.2E2', 'plain decimal'],
    ['a leading space', ' 12.30', 'plain decimal'],
    ['a trailing space', '12.30 ', 'plain decimal'],
    ['an inner space', '12 .30', 'plain decimal'],
    ['a trailing newline', '12.30\n', 'plain decimal'],
    ['a bare fraction', '.5', 'plain decimal'],
    ['a bare point', '5.', 'plain decimal'],
    ['a comma', '12,30', 'plain decimal'],
    ['a thousands separator', '1,234.00', 'plain decimal'],
    ['hexadecimal', '0x10', 'plain decimal'],
    ['non-ASCII digits', '１２', 'plain decimal'],
    ['Infinity', 'Infinity', 'plain decimal'],
    ['NaN', 'NaN', 'plain decimal'],
    ['leading zeros', '012.30', 'leading zeros'],
    ['a double zero', '00.10', 'leading zeros'],
    ['13 integer digits', '1000000000000', 'at most 12 digits before'],
    ['too many fraction digits', '12.345', 'at most 2 digits after'],
    ['trailing fraction zeros beyond the exponent', '12.300', 'at most 2 digits after'],
    ['zero', '0', 'greater than zero'],
    ['zero with fraction', '0.00', 'greater than zero'],
  ])('refuses %s', (_, input, reason) => {
    const e = expectCode(() => Money.parse(input, 'CNY'), 'invalid_amount');
    expect(e.detail).toContain(reason);
  });

  it('refuses any fraction for JPY, even ".0"', () => {
    expect(expectCode(() => Money.parse('500.0', 'JPY'), 'invalid_amount').detail).toContain('whole number');
  });

  it('refuses a fourth fraction digit for BHD', () => {
    expectCode(() => Money.parse('1.2500', 'BHD'), 'invalid_amount');
  });

  it('refuses an unsupported currency before looking at the text', () => {
    expectCode(() => Money.parse('12.30', 'XXX'), 'unsupported_currency');
    expectCode(() => Money.parse(12.3, 'cny'), 'unsupported_currency');
  });

  it('accepts zero only when asked to', () => {
    expect(Money.parse('0', 'CNY', { allowZero: true }).isZero()).toBe(true);
    expect(Money.parse('0.00', 'CNY', { allowZero: true }).format()).toBe('0.00');
  });

  it('accepts a leading minus only when asked to', () => {
    expect(Money.parse('-12.3', 'CNY', { allowNegative: true }).minor).toBe(-1230n);
    expectCode(() => Money.parse('--1', 'CNY', { allowNegative: true }), 'invalid_amount');
    expectCode(() => Money.parse('+1', 'CNY', { allowNegative: true }), 'invalid_amount');
    expectCode(() => Money.parse('-0', 'CNY', { allowNegative: true }), 'invalid_amount');
  });

  it('refuses negative zero even when zero and negatives are allowed', () => {
    const e = expectCode(() => Money.parse('-0.00', 'CNY', { allowNegative: true, allowZero: true }), 'invalid_amount');
    expect(e.detail).toContain('negative zero');
  });

  it('raises MoneyError carrying code and detail in its message', () => {
    const e = thrown(() => Money.parse('1e3', 'CNY'));
    expect(e).toBeInstanceOf(MoneyError);
    expect(e.name).toBe('MoneyError');
    expect(e.message).toMatch(/^invalid_amount: /);
  });
});

describe('Money.format', () => {
  it('prints exactly the minor digits of the currency', () => {
    expect(cny(1230n).format()).toBe('12.30');
    expect(cny(5n).format()).toBe('0.05');
    expect(cny(0n).format()).toBe('0.00');
    expect(Money.of(500n, 'JPY').format()).toBe('500');
    expect(Money.of(0n, 'KRW').format()).toBe('0');
    expect(Money.of(1250n, 'BHD').format()).toBe('1.250');
    expect(Money.of(7n, 'KWD').format()).toBe('0.007');
  });

  it('prints a negative amount with a leading minus', () => {
    expect(cny(-1230n).format()).toBe('-12.30');
    expect(cny(-5n).format()).toBe('-0.05');
    expect(Money.of(-500n, 'JPY').format()).toBe('-500');
  });

  it('serialises to JSON as the formatted string', () => {
    expect(JSON.stringify({ amount: cny(1230n) })).toBe('{"amount":"12.30"}');
  });

  it('names the currency when used in a log message', () => {
    expect(`${cny(1230n)}`).toBe('12.30 CNY');
  });

  it('converts to an exact major-unit Decimal', () => {
    const d = Money.of(99999999999999999n, 'BHD').toDecimal();
    expect(d).toBeInstanceOf(Decimal);
    expect(d.toFixed()).toBe('99999999999999.999');
    expect(cny(-1230n).toDecimal().toFixed()).toBe('-12.3');
  });
});

describe('Money.of and zero', () => {
  it('refuses a JS number for minor units', () => {
    expectCode(() => Money.of(1230 as unknown as bigint, 'CNY'), 'invalid_amount');
    expectCode(() => Money.of('1230' as unknown as bigint, 'CNY'), 'invalid_amount');
  });

  it('refuses an unsupported currency', () => {
    expectCode(() => Money.of(1n, 'XXX'), 'unsupported_currency');
    expectCode(() => Money.zero('XXX'), 'unsupported_currency');
  });

  it('makes a zero of the currency', () => {
    const z = Money.zero('JPY');
    expect(z.minor).toBe(0n);
    expect(z.currency).toBe('JPY');
    expect(z.isZero()).toBe(true);
  });

  it('is immutable', () => {
    const m = cny(1n);
    expect(Object.isFrozen(m)).toBe(true);
    expect(() => {
      (m as { minor: bigint }).minor = 2n;
    }).toThrow(TypeError);
  });
});

describe('Money arithmetic and comparison', () => {
  it('adds, subtracts, negates and takes the absolute value', () => {
    expect(cny(1230n).add(cny(70n)).minor).toBe(1300n);
    expect(cny(1230n).sub(cny(1300n)).minor).toBe(-70n);
    expect(cny(5n).neg().minor).toBe(-5n);
    expect(cny(-5n).abs().minor).toBe(5n);
    expect(cny(5n).abs().minor).toBe(5n);
  });

  it('refuses to combine different currencies', () => {
    const e = expectCode(() => cny(1n).add(Money.of(1n, 'USD')), 'currency_mismatch');
    expect(e.detail).toBe('cannot combine CNY with USD');
    for (const op of ['sub', 'cmp', 'min', 'max'] as const) {
      expectCode(() => cny(1n)[op](Money.of(1n, 'JPY')), 'currency_mismatch');
    }
  });

  it('compares amounts and reports sign', () => {
    expect(cny(1n).cmp(cny(2n))).toBe(-1);
    expect(cny(2n).cmp(cny(2n))).toBe(0);
    expect(cny(3n).cmp(cny(2n))).toBe(1);
    expect(cny(1n).min(cny(2n)).minor).toBe(1n);
    expect(cny(1n).max(cny(2n)).minor).toBe(2n);
    expect(cny(1n).isPositive()).toBe(true);
    expect(cny(-1n).isNegative()).toBe(true);
    expect(cny(0n).isPositive() || cny(0n).isNegative()).toBe(false);
  });

  it('treats the same minor units in another currency as unequal', () => {
    expect(cny(100n).equals(cny(100n))).toBe(true);
    expect(cny(100n).equals(Money.of(100n, 'HKD'))).toBe(false);
  });
});

describe('Money.times', () => {
  it('applies a rate and rounds half-up to the minor unit', () => {
    expect(cny(10000n).times(new Decimal('0.006')).minor).toBe(60n);
    expect(cny(1234n).times(new Decimal('0.006')).minor).toBe(7n); // 7.404
    expect(cny(250n).times(new Decimal('0.01')).minor).toBe(3n); // 2.5 → 3
    expect(cny(249n).times(new Decimal('0.01')).minor).toBe(2n); // 2.49 → 2
    expect(cny(-250n).times(new Decimal('0.01')).minor).toBe(-3n); // away from zero
    expect(Money.of(999n, 'JPY').times(new Decimal('0.5')).minor).toBe(500n);
  });

  it('rounds once, on the exact product, not on a 20-digit decimal.js intermediate', () => {
    // 999999999999.99 × 0.500000210043 = 500000210042.99499999789957: rounding that to
    // decimal.js's default 20 significant digits first would give a tie, then ...43.00.
    const fee = cny(99999999999999n).times(new Decimal('0.500000210043'));
    expect(fee.format()).toBe('500000210042.99');
    const doubleRounded = new Decimal('999999999999.99')
      .times('0.500000210043')
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(doubleRounded.toFixed()).toBe('500000210043');
  });

  it('refuses a rate that is not a finite Decimal', () => {
    expectCode(() => cny(1n).times(0.5 as unknown as Decimal), 'invalid_rate');
    expectCode(() => cny(1n).times(new Decimal(NaN)), 'invalid_rate');
    expectCode(() => cny(1n).times(new Decimal(Infinity)), 'invalid_rate');
  });
});

describe('Money.proportion', () => {
  it('scales by a ratio and rounds half-up', () => {
    expect(cny(100n).proportion(1n, 3n).minor).toBe(33n);
    expect(cny(100n).proportion(2n, 3n).minor).toBe(67n);
    expect(cny(5n).proportion(1n, 2n).minor).toBe(3n); // 2.5 → 3
    expect(cny(-5n).proportion(1n, 2n).minor).toBe(-3n); // -2.5 → -3
    expect(cny(7n).proportion(1n, -2n).minor).toBe(-4n);
  });

  it('accepts Money numerator and denominator, e.g. refunding part of a fee', () => {
    const fee = cny(60n);
    expect(fee.proportion(cny(2500n), cny(10000n)).minor).toBe(15n);
    expect(fee.proportion(Money.of(1n, 'JPY'), Money.of(3n, 'JPY')).minor).toBe(20n);
    expectCode(() => fee.proportion(cny(1n), Money.of(3n, 'JPY')), 'currency_mismatch');
  });

  it('returns the whole for whole/whole', () => {
    expect(cny(12345n).proportion(cny(999n), cny(999n)).minor).toBe(12345n);
  });

  it('refuses a zero denominator', () => {
    expectCode(() => cny(1n).proportion(1n, 0n), 'invalid_amount');
  });
});

describe('Money.ofMinor: minor units as the database returns them', () => {
  it('reads bigint columns that pg returns as decimal strings, exactly', () => {
    expect(Money.ofMinor('9007199254740993', 'CNY').minor).toBe(9007199254740993n);
    expect(Money.ofMinor('-250', 'JPY').format()).toBe('-250');
    expect(Money.ofMinor(1234n, 'EUR').format()).toBe('12.34');
  });

  it('refuses anything that is not an integer of minor units', () => {
    for (const bad of ['1.5', '', ' 1', '1e3', '0x10', '12345678901234567890']) {
      expect(() => Money.ofMinor(bad, 'CNY')).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    }
  });
});
