import { Decimal } from 'decimal.js';
import { allocate } from './allocate';
import { Money } from './money';

const minors = (ms: Money[]) => ms.map((m) => m.minor);
const cny = (minor: bigint) => Money.of(minor, 'CNY');

describe('allocate', () => {
  it('splits evenly when it can', () => {
    expect(minors(allocate(cny(300n), [1n, 1n, 1n]))).toEqual([100n, 100n, 100n]);
  });

  it('gives leftover units to the earliest parts on ties', () => {
    expect(minors(allocate(cny(100n), [1n, 1n, 1n]))).toEqual([34n, 33n, 33n]);
    expect(minors(allocate(cny(2n), [1n, 1n, 1n]))).toEqual([1n, 1n, 0n]);
  });

  it('gives leftover units to the largest remainders first', () => {
    // exact shares 1.5, 2.8, 5.7 → floors 1, 2, 5; remainders .5, .8, .7
    expect(minors(allocate(cny(10n), [15n, 28n, 57n]))).toEqual([1n, 3n, 6n]);
  });

  it('accepts Decimal weights, mixed with bigints', () => {
    expect(minors(allocate(cny(1000n), [new Decimal('0.7'), new Decimal('0.3')]))).toEqual([700n, 300n]);
    expect(minors(allocate(cny(1000n), [new Decimal('0.5'), 1n]))).toEqual([333n, 667n]);
  });

  it('gives nothing to a zero weight', () => {
    expect(minors(allocate(cny(5n), [0n, 1n, 0n, 1n]))).toEqual([0n, 3n, 0n, 2n]);
  });

  it('splits a negative total as the mirror of a positive one', () => {
    expect(minors(allocate(cny(-100n), [1n, 1n, 1n]))).toEqual([-34n, -33n, -33n]);
  });

  it('keeps the currency', () => {
    const parts = allocate(Money.of(1001n, 'JPY'), [1n, 1n]);
    expect(parts.map((p) => p.format())).toEqual(['501', '500']);
    expect(parts.every((p) => p.currency === 'JPY')).toBe(true);
  });

  it('refuses no weights, all-zero weights, negative or non-finite weights', () => {
    const invalid = expect.objectContaining({ code: 'invalid_amount' });
    expect(() => allocate(cny(1n), [])).toThrow(invalid);
    expect(() => allocate(cny(1n), [0n, new Decimal(0)])).toThrow(invalid);
    expect(() => allocate(cny(1n), [1n, -1n])).toThrow(invalid);
    expect(() => allocate(cny(1n), [new Decimal('-0.1'), 1n])).toThrow(invalid);
    expect(() => allocate(cny(1n), [new Decimal(NaN)])).toThrow(invalid);
    expect(() => allocate(cny(1n), [1 as unknown as bigint])).toThrow(invalid);
  });
});
