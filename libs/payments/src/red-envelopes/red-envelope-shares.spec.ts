import fc from 'fast-check';
import { cryptoDraw, type EnvelopeSplit, redEnvelopeShares, type UniformDraw } from './red-envelope-shares';

/** A draw that records each range it was asked for and answers from fast-check's choices. */
function recordingDraw(picks: number[]): { draw: UniformDraw; ranges: Array<[bigint, bigint]> } {
  const ranges: Array<[bigint, bigint]> = [];
  let i = 0;
  return {
    ranges,
    draw: (min, max) => {
      ranges.push([min, max]);
      const span = max - min + 1n;
      return min + (BigInt(picks[i++ % picks.length]) % span);
    },
  };
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('red envelope shares', () => {
  it('add up to the total, each at least one minor unit, for every split and every count from 1 to 100', () => {
    for (const split of ['equal', 'random'] as EnvelopeSplit[])
      for (let count = 1; count <= 100; count++)
        fc.assert(
          fc.property(fc.bigInt({ min: BigInt(count), max: 10n ** 12n }), (total) => {
            const shares = redEnvelopeShares(total, count, split);
            expect(shares).toHaveLength(count);
            expect(sum(shares)).toBe(total);
            expect(shares.every((s) => s >= 1n)).toBe(true);
          }),
          { numRuns: 20 },
        );
  });

  it('equal: the same share for all, the last minor units one each over the first shares', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.bigInt({ min: 0n, max: 10n ** 9n }), (count, extra) => {
        const total = BigInt(count) + extra;
        const shares = redEnvelopeShares(total, count, 'equal');
        const base = total / BigInt(count);
        const ones = Number(total % BigInt(count));
        expect(shares).toEqual(Array.from({ length: count }, (_, i) => base + (i < ones ? 1n : 0n)));
      }),
    );
    expect(redEnvelopeShares(1000n, 3, 'equal')).toEqual([334n, 333n, 333n]);
  });

  it('random: each share drawn in [1, twice the mean of what is left], keeping one unit for each share after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        (count, extra, picks) => {
          const total = BigInt(count) + extra;
          const { draw, ranges } = recordingDraw(picks);
          const shares = redEnvelopeShares(total, count, 'random', draw);
          // replay the rule: what was left before each draw decides its range
          let left = total;
          expect(ranges).toHaveLength(count - 1);
          for (let i = 0; i < count - 1; i++) {
            const remaining = BigInt(count - i);
            const twiceMean = (2n * left) / remaining;
            const cap = left - (remaining - 1n);
            expect(ranges[i]).toEqual([1n, twiceMean < cap ? twiceMean : cap]);
            expect(shares[i] >= 1n && shares[i] <= ranges[i][1]).toBe(true);
            left -= shares[i];
          }
          expect(shares[count - 1]).toBe(left);
          expect(left >= 1n).toBe(true);
        },
      ),
    );
  });

  it('gives a one-share envelope its whole total, and an envelope of one unit per share one unit each', () => {
    expect(redEnvelopeShares(500n, 1, 'random')).toEqual([500n]);
    expect(redEnvelopeShares(7n, 7, 'random')).toEqual(Array(7).fill(1n));
  });

  it('draws uniformly within the range, also beyond what crypto.randomInt takes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n }), (min, span) => {
        const x = cryptoDraw(min, min + span);
        expect(x >= min && x <= min + span).toBe(true);
      }),
    );
    const seen = new Set(Array.from({ length: 400 }, () => cryptoDraw(1n, 4n)));
    expect([...seen].sort()).toEqual([1n, 2n, 3n, 4n]);
  });
});
