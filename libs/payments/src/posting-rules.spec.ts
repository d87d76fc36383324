import fc from 'fast-check';
import { Money } from '@saoma/money';
import type { PostingInput } from '@saoma/ledger';
import {
  paymentPostings,
  paymentRoleAmounts,
  posting,
  refundPostings,
  refundRoleAmounts,
  type PaymentRoles,
} from './posting-rules';

const roles: PaymentRoles = { wallet: 'wallet', merchant: 'merchant', fee: 'fee', marketing: 'marketing' };
const cny = (minor: bigint) => Money.of(minor, 'CNY');

/** Debits minus credits, per account. */
function net(postings: PostingInput[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const p of postings)
    out.set(p.accountId, (out.get(p.accountId) ?? 0n) + (p.side === 'D' ? p.amount.minor : -p.amount.minor));
  return out;
}
const sum = (postings: PostingInput[], side: 'D' | 'C') =>
  postings.filter((p) => p.side === side).reduce((s, p) => s + p.amount.minor, 0n);

/** A payment whose discount and fee fit in its amount, as checkout prices it (all in bigint minor units). */
const payment = fc
  .record({
    amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    fundedBy: fc.constantFrom<'platform' | 'merchant' | null>('platform', 'merchant', null),
  })
  .chain(({ amount, fundedBy }) =>
    fc
      .bigInt({ min: 0n, max: fundedBy ? amount / 2n : 0n })
      .chain((discount) =>
        fc
          .bigInt({ min: 0n, max: (amount - discount) / 10n })
          .map((fee) => ({ amount: cny(amount), discount: cny(discount), discountFundedBy: fundedBy, fee: cny(fee) })),
      ),
  );

describe('posting rules of a payment and a refund', () => {
  it('books a platform-funded discount to marketing and gives the merchant the amount less its fee', () => {
    const p = {
      amount: Money.parse('10.00', 'CNY'),
      discount: Money.parse('2.00', 'CNY'),
      discountFundedBy: 'platform' as const,
      fee: Money.parse('0.10', 'CNY'),
    };
    expect(paymentRoleAmounts(p)).toEqual({ wallet: -800n, marketing: 200n, merchant: 990n, fee: 10n });
    expect(paymentPostings(p, roles).map((x) => [x.accountId, x.side, x.amount.format()])).toEqual([
      ['wallet', 'D', '8.00'],
      ['marketing', 'D', '2.00'],
      ['merchant', 'C', '9.90'],
      ['fee', 'C', '0.10'],
    ]);
  });

  it('takes a merchant-funded discount from the merchant, not from marketing', () => {
    const p = {
      amount: Money.parse('33.33', 'CNY'),
      discount: Money.parse('3.00', 'CNY'),
      discountFundedBy: 'merchant' as const,
      fee: Money.parse('0.33', 'CNY'),
    };
    expect(paymentRoleAmounts(p)).toEqual({ wallet: -3033n, marketing: 0n, merchant: 3000n, fee: 33n });
  });

  it('leaves zero postings out and flips the side of a negative one', () => {
    expect(posting('a', 'D', cny(0n))).toEqual([]);
    expect(posting('a', 'D', cny(-5n))).toEqual([{ accountId: 'a', side: 'C', amount: cny(5n) }]);
  });

  it('balances every payment: debits equal credits, every amount positive', () => {
    fc.assert(
      fc.property(payment, (p) => {
        const postings = paymentPostings(p, roles);
        expect(sum(postings, 'D')).toBe(sum(postings, 'C'));
        expect(postings.every((x) => x.amount.minor > 0n)).toBe(true);
        expect(net(postings).get('wallet')).toBe(p.amount.minor - p.discount.minor);
      }),
    );
  });

  it('undoes a payment exactly with a full refund of it, on every account', () => {
    fc.assert(
      fc.property(payment, (p) => {
        const refund = {
          amount: p.amount,
          toConsumer: p.amount.sub(p.discount),
          discountBack: p.discount,
          feeBack: p.fee,
          discountFundedBy: p.discountFundedBy,
        };
        const refunded = refundPostings(refund, roles);
        expect(sum(refunded, 'D')).toBe(sum(refunded, 'C'));
        const all = net([...paymentPostings(p, roles), ...refunded]);
        expect([...all.values()].every((v) => v === 0n)).toBe(true);
        const r = refundRoleAmounts(refund);
        const q = paymentRoleAmounts(p);
        expect({
          wallet: r.wallet + q.wallet,
          merchant: r.merchant + q.merchant,
          fee: r.fee + q.fee,
          marketing: r.marketing + q.marketing,
        }).toEqual({ wallet: 0n, merchant: 0n, fee: 0n, marketing: 0n });
      }),
    );
  });
});
