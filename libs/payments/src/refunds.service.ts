import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MerchantsService } from '@saoma/identity';
import { LedgerError, LedgerService } from '@saoma/ledger';
import { Money } from '@saoma/money';
import type { TxRunner } from '@saoma/database';
import { refundPostings, refundRoleAmounts } from './posting-rules';
import { PaymentsError } from './payments-error';
import { PaymentsRepository, type RefundRow } from './payments.repository';
import { PromotionsService } from './promotions.service';
import { WalletsService } from './wallets.service';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

export interface Refund {
  id: string;
  paymentId: string;
  amount: Money;
  toConsumer: Money;
  discountBack: Money;
  feeBack: Money;
  reason: string | null;
  createdAt: Date;
}

export function toRefund(r: RefundRow): Refund {
  const m = (v: string) => Money.ofMinor(v, r.currency);
  return {
    id: r.id,
    paymentId: r.payment_id,
    amount: m(r.amount),
    toConsumer: m(r.to_consumer),
    discountBack: m(r.discount_back),
    feeBack: m(r.fee_back),
    reason: r.reason,
    createdAt: new Date(r.created_at),
  };
}

/**
 * Shares of a refund. The fee and the consumer's share are given back in
 * proportion (half-up) of what has been refunded in all, this refund
 * included, less what earlier refunds gave back: rounding never adds up
 * over a series of partial refunds, so no refund gives the consumer more
 * than its amount (its discount share never goes below zero), and the
 * refund that completes the payment gives back exactly what is left (a
 * fully refunded payment leaves no fee and returns exactly `charged`).
 */
export function refundShares(
  p: { amount: Money; charged: Money; fee: Money; refunded: Money; refundedToConsumer: Money; feeRefunded: Money },
  r: Money,
) {
  const after = p.refunded.add(r);
  const completes = after.equals(p.amount);
  const dueAfter = (total: Money) => (completes ? total : total.proportion(after.minor, p.amount.minor));
  const within = (v: Money, max: Money) => (v.isNegative() ? Money.zero(v.currency) : v.min(max));
  const feeLeft = p.fee.sub(p.feeRefunded);
  const chargedLeft = p.charged.sub(p.refundedToConsumer);
  const feeBack = within(dueAfter(p.fee).sub(p.feeRefunded), feeLeft);
  const toConsumer = within(dueAfter(p.charged).sub(p.refundedToConsumer), r.min(chargedLeft));
  return { feeBack, toConsumer, discountBack: r.sub(toConsumer) };
}

@Injectable()
export class RefundsService {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly promotions: PromotionsService,
    private readonly outbox: WebhookOutboxRepository,
    private readonly merchants: MerchantsService,
  ) {}

  async refund(
    merchantId: string,
    paymentId: string,
    input: { amount: string; reason?: string },
    tx: TxRunner,
  ): Promise<Refund> {
    const merchant = await this.merchants.get(merchantId);
    const c = merchant.currency;
    const platform = this.wallets.platform(c);
    const [merchantWallet, feeAccount, marketing] = await Promise.all([
      this.wallets.merchantWallet(merchantId, c),
      platform.feeRevenue(),
      platform.marketingExpense(),
    ]);
    return tx(async (em) => {
      const p = await this.payments.lockForRefund(paymentId, merchantId, em);
      if (!p) throw new PaymentsError('payment_not_found', 'No such payment.');
      const m = (v: string) => Money.ofMinor(v, c);
      const r = Money.parse(input.amount, c);
      const amount = m(p.amount);
      const refunded = m(p.refunded);
      if (refunded.add(r).cmp(amount) > 0) {
        throw new PaymentsError(
          'refund_exceeds_payment',
          `At most ${amount.sub(refunded).format()} ${c} of this payment is left to refund.`,
        );
      }
      const { feeBack, toConsumer, discountBack } = refundShares(
        {
          amount,
          charged: m(p.charged),
          fee: m(p.fee),
          refunded,
          refundedToConsumer: m(p.refunded_to_consumer),
          feeRefunded: m(p.fee_refunded),
        },
        r,
      );
      const shares = { amount: r, toConsumer, discountBack, feeBack, discountFundedBy: p.discount_funded_by };
      const consumerWallet = await this.wallets.consumerWallet(p.consumer_id, c, em);
      const id = crypto.randomUUID();
      await this.payments.addRefunded(p.id, r.minor, toConsumer.minor, feeBack.minor, em);
      const row = await this.payments.insertRefund(
        {
          id,
          payment_id: p.id,
          merchant_id: merchantId,
          currency: c,
          amount: r.minor.toString(),
          to_consumer: toConsumer.minor.toString(),
          discount_back: discountBack.minor.toString(),
          fee_back: feeBack.minor.toString(),
          reason: input.reason ?? null,
        },
        em,
      );
      if (p.promotion_id && discountBack.isPositive()) await this.promotions.release(p.promotion_id, discountBack, em);
      await this.outbox.enqueue(em, merchantId, 'refund.succeeded', {
        refundId: id,
        paymentId: p.id,
        payer: p.payer,
        amount: r.format(),
        feeBack: feeBack.format(),
        net: Money.of(refundRoleAmounts(shares).merchant, c).format(),
        currency: c,
        createdAt: new Date(row.created_at).toISOString(),
      });
      try {
        await this.ledger.post(
          {
            kind: 'refund',
            reference: `refund:${id}`,
            effectiveAt: new Date(row.created_at),
            metadata: { refundId: id, paymentId: p.id, merchantId, merchantName: merchant.name },
            postings: refundPostings(shares, {
              wallet: consumerWallet.id,
              merchant: merchantWallet.id,
              fee: feeAccount.id,
              marketing: marketing.id,
            }),
          },
          em,
        );
      } catch (err) {
        if (err instanceof LedgerError && err.code === 'insufficient_funds') {
          throw new LedgerError('insufficient_funds', 'The merchant balance is too small for this refund.');
        }
        throw err;
      }
      return toRefund(row);
    });
  }
}
