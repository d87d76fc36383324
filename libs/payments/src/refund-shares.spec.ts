import fc from 'fast-check';
import { Money } from '@saoma/money';
import { refundShares } from './refunds.service';

const cny = (minor: bigint) => Money.of(minor, 'CNY');

/** A payment as checkout prices it: charged = amount − discount, fee ≤ charged. */
const payment = fc
  .record({
    amount: fc.bigInt({ min: 1n, max: 10n ** 10n }),
    discountPart: fc.integer({ min: 0, max: 50 }),
    feePermille: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ amount, discountPart, feePermille }) => {
    const discount = (amount * BigInt(discountPart)) / 100n;
    return { amount, discount, charged: amount - discount, fee: ((amount - discount) * BigInt(feePermille)) / 1000n };
  });

/** Cuts `total` into 1..5 positive parts that add up to it. */
const partsOf = (total: bigint) =>
  fc.array(fc.bigInt({ min: 1n, max: total }), { minLength: 0, maxLength: 4 }).map((cuts) => {
    const points = [...new Set(cuts.filter((c) => c < total))].sort((a, b) => (a < b ? -1 : 1));
    return [...points, total].map((p, i, all) => p - (i ? all[i - 1] : 0n));
  });

describe('refundShares: how a refund splits between the consumer, the discount and the fee', () => {
  it('gives back the fee and the consumer’s share in proportion, half-up', () => {
    const p = {
      amount: cny(1000n),
      charged: cny(900n),
      fee: cny(7n),
      refunded: cny(0n),
      refundedToConsumer: cny(0n),
      feeRefunded: cny(0n),
    };
    const s = refundShares(p, cny(500n));
    expect({ toConsumer: s.toConsumer.minor, discountBack: s.discountBack.minor, feeBack: s.feeBack.minor }).toEqual({
      toConsumer: 450n,
      discountBack: 50n,
      feeBack: 4n,
    });
  });

  it('never gives the consumer more than a refund’s amount, even on the last of a long series (a case fast-check found)', () => {
    const p = { amount: 9999999995n, charged: 9599999996n, fee: 239999999n };
    let refunded = 0n;
    let toConsumer = 0n;
    let feeBack = 0n;
    for (const part of [278869914n, 1127058090n, 8594071980n, 11n]) {
      const s = refundShares(
        {
          amount: cny(p.amount),
          charged: cny(p.charged),
          fee: cny(p.fee),
          refunded: cny(refunded),
          refundedToConsumer: cny(toConsumer),
          feeRefunded: cny(feeBack),
        },
        cny(part),
      );
      expect(s.discountBack.minor >= 0n && s.toConsumer.minor <= part).toBe(true);
      refunded += part;
      toConsumer += s.toConsumer.minor;
      feeBack += s.feeBack.minor;
    }
    expect({ toConsumer, feeBack }).toEqual({ toConsumer: p.charged, feeBack: p.fee });
  });

  it('returns exactly what was charged and the whole fee over any series of partial refunds', () => {
    fc.assert(
      fc.property(
        payment.chain((p) => partsOf(p.amount).map((parts) => ({ p, parts }))),
        ({ p, parts }) => {
          let refunded = 0n;
          let toConsumer = 0n;
          let feeBack = 0n;
          for (const part of parts) {
            const s = refundShares(
              {
                amount: cny(p.amount),
                charged: cny(p.charged),
                fee: cny(p.fee),
                refunded: cny(refunded),
                refundedToConsumer: cny(toConsumer),
                feeRefunded: cny(feeBack),
              },
              cny(part),
            );
            expect(s.toConsumer.minor >= 0n && s.feeBack.minor >= 0n && s.discountBack.minor >= 0n).toBe(true);
            expect(s.toConsumer.add(s.discountBack).minor).toBe(part);
            refunded += part;
            toConsumer += s.toConsumer.minor;
            feeBack += s.feeBack.minor;
            expect(toConsumer <= p.charged && feeBack <= p.fee).toBe(true);
          }
          expect({ toConsumer, feeBack }).toEqual({ toConsumer: p.charged, feeBack: p.fee });
        },
      ),
    );
  });
});
