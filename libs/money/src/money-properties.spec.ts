import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { allocate } from './allocate';
import { SUPPORTED_CURRENCIES } from './currency';
import { Money } from './money';

const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);

/** A positive amount of up to 12 integer digits in a random currency. */
const amount = currency.chain((c) =>
  fc.bigInt({ min: 1n, max: 10n ** BigInt(12 + c.exponent) - 1n }).map((minor) => Money.of(minor, c.code)),
);

/** A rate in [0, 1] with up to 12 fraction digits (as parseRate gives), kept as n / 10^12. */
const rateMicros = fc.bigInt({ min: 0n, max: 10n ** 12n });
const SCALE = 10n ** 12n;

describe('money properties', () => {
  it('parses back what it formats', () => {
    fc.assert(
      fc.property(amount, (m) => {
        expect(Money.parse(m.format(), m.currency).equals(m)).toBe(true);
        expect(Money.parse(m.neg().format(), m.currency, { allowNegative: true }).equals(m.neg())).toBe(true);
      }),
    );
  });

  it('allocates parts that sum to the whole, each within one minor unit of its exact share', () => {
    const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(amount, fc.boolean(), weights, (m, negate, ws) => {
        fc.pre(ws.some((w) => w > 0n));
        const total = negate ? m.neg() : m;
        const parts = allocate(total, ws);
        const sum = ws.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, p) => a.add(p), Money.zero(total.currency)).equals(total)).toBe(true);
        parts.forEach((p, i) => {
          // |part − total·w/sum| < 1  ⇔  |part·sum − total·w| < sum
          const diff = p.minor * sum - total.minor * ws[i];
          expect(diff < 0n ? -diff : diff).toBeLessThan(sum);
        });
      }),
    );
  });

  it('splits gross exactly into fee and net for any amount and rate', () => {
    fc.assert(
      fc.property(amount, rateMicros, (gross, n) => {
        const fee = gross.times(new Decimal(`${n}e-12`));
        const net = gross.sub(fee);
        expect(fee.add(net).equals(gross)).toBe(true);
        // a rate in [0, 1] never yields a fee outside [0, gross] …
        expect(fee.isNegative()).toBe(false);
        expect(fee.cmp(gross)).toBeLessThanOrEqual(0);
        // … and the fee is within half a minor unit of the exact product
        const diff = fee.minor * SCALE - gross.minor * n;
        expect(2n * (diff < 0n ? -diff : diff)).toBeLessThanOrEqual(SCALE);
      }),
    );
  });

  it('returns the whole amount for the proportion whole/whole', () => {
    fc.assert(
      fc.property(amount, fc.bigInt({ min: 1n, max: 10n ** 18n }), (m, whole) => {
        expect(m.proportion(whole, whole).equals(m)).toBe(true);
        expect(m.proportion(m, m).equals(m)).toBe(true);
      }),
    );
  });
});
