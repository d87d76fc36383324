import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@saoma/common';
import { isUniqueViolation, type TxRunner } from '@saoma/database';
import { ConsumersService, MerchantsService } from '@saoma/identity';
import { LedgerError, LedgerService, type PostingInput, WalletAccount } from '@saoma/ledger';
import { Decimal, Money } from '@saoma/money';
import { SigningError, SigningService } from '@saoma/signing';
import { CodesRepository } from './codes.repository';
import { PayerPseudonymService } from './payer-pseudonym.service';
import { PaymentsError } from './payments-error';
import { type PaymentRow, PaymentsRepository } from './payments.repository';
import { PromotionsService } from './promotions.service';
import { ScanService } from './scan.service';
import { WalletsService } from './wallets.service';

export const RECEIPT_TYP = 'saoma-receipt+jwt';

export interface Payment {
  id: string;
  consumerId: string;
  merchantId: string;
  merchantName: string;
  codeId: string;
  orderId: string | null;
  orderReference: string | null;
  payer: string;
  amount: Money;
  discount: Money;
  discountFundedBy: 'platform' | 'merchant' | null;
  charged: Money;
  fee: Money;
  refunded: Money;
  receipt: string;
  createdAt: Date;
}

export function toPayment(r: PaymentRow, merchantName: string): Payment {
  const m = (v: string) => Money.of(BigInt(v), r.currency);
  return {
    id: r.id,
    consumerId: r.consumer_id,
    merchantId: r.merchant_id,
    merchantName,
    codeId: r.code_id,
    orderId: r.order_id,
    orderReference: r.order_reference ?? null,
    payer: r.payer,
    amount: m(r.amount),
    discount: m(r.discount),
    discountFundedBy: r.discount_funded_by,
    charged: m(r.charged),
    fee: m(r.fee),
    refunded: m(r.refunded),
    receipt: r.receipt,
    createdAt: new Date(r.created_at),
  };
}

/** Postings without zero lines; a negative amount flips the side. */
export function posting(accountId: string, side: 'D' | 'C', amount: Money): PostingInput[] {
  if (amount.isZero()) return [];
  return amount.isNegative() ? [{ accountId, side: side === 'D' ? 'C' : 'D', amount: amount.neg() }] : [{ accountId, side, amount }];
}

/** Paying with a scan token: the money moves in one transaction with the payment, the order and the event. */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly scans: ScanService,
    private readonly codes: CodesRepository,
    private readonly payments: PaymentsRepository,
    private readonly consumers: ConsumersService,
    private readonly merchants: MerchantsService,
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly promotions: PromotionsService,
    private readonly pseudonyms: PayerPseudonymService,
    private readonly signing: SigningService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  noPinLimit(currency: string): Money {
    return Money.parse(this.config.noPinLimits[currency] ?? this.config.defaultNoPinLimit, currency, { allowZero: true });
  }

  async pay(consumerId: string, input: { token: string; amount?: string; pin?: string }, tx: TxRunner): Promise<Payment> {
    const claims = await this.scans.verify(input.token);
    if (claims.sub !== consumerId) throw new SigningError('invalid_token', 'This token was issued to someone else.');
    let amount: Money;
    if (claims.amount !== undefined) {
      const fixed = Money.parse(claims.amount, claims.currency);
      if (input.amount !== undefined && !Money.parse(input.amount, claims.currency).equals(fixed)) {
        throw new PaymentsError('amount_mismatch', `This code is for ${fixed.format()} ${fixed.currency}.`);
      }
      amount = fixed;
    } else {
      if (input.amount === undefined) throw new PaymentsError('amount_required', 'This code has no amount: send amount.');
      amount = Money.parse(input.amount, claims.currency);
    }
    if (input.pin !== undefined) await this.consumers.checkPin(consumerId, input.pin);
    else if (amount.cmp(this.noPinLimit(amount.currency)) > 0) throw new PaymentsError('pin_required', `Payments above ${this.noPinLimit(amount.currency).format()} ${amount.currency} need the PIN.`);

    const merchant = await this.merchants.get(claims.merchant);
    const wallet = await this.ledger.findAccountByCode(WalletAccount.consumer(consumerId, amount.currency).code);
    if (!wallet) throw new LedgerError('insufficient_funds', `No ${amount.currency} in the wallet.`);
    const merchantAccount = await this.wallets.merchantWallet(merchant.id, amount.currency);
    const platform = this.wallets.platform(amount.currency);
    const [feeAccount, marketing] = await Promise.all([platform.feeRevenue(), platform.marketingExpense()]);

    const paymentId = crypto.randomUUID();
    return tx(async (em) => {
    // The order is settled first, under its row lock: of concurrent payers exactly one finds it open.
    if (claims.order && !(await this.codes.markOrderPaid(claims.order, paymentId, em))) {
      throw new PaymentsError('order_not_payable', 'The order is no longer open.');
    }
    const applied = await this.promotions.apply(merchant.id, amount, em);
    const discount = applied?.discount ?? Money.zero(amount.currency);
    const charged = amount.sub(discount);
    const fee = amount.times(new Decimal(merchant.feeRate));
    const merchantDiscount = applied?.fundedBy === 'merchant' ? discount : Money.zero(amount.currency);
    const platformDiscount = applied?.fundedBy === 'platform' ? discount : Money.zero(amount.currency);
    const payer = this.pseudonyms.of(consumerId, merchant.id);
    const createdAt = new Date();
    const receipt = await this.signing.sign(
      {
        jti: paymentId,
        payment: paymentId,
        code: claims.code,
        ...(claims.order ? { order: claims.order } : {}),
        merchant: merchant.id,
        payer,
        amount: amount.format(),
        discount: discount.format(),
        charged: charged.format(),
        currency: amount.currency,
        paidAt: createdAt.toISOString(),
      },
      { typ: RECEIPT_TYP },
    );
    let row: PaymentRow | undefined;
    try {
      row = await this.payments.insertPaymentWithEvent(
        {
          id: paymentId,
          consumer_id: consumerId,
          merchant_id: merchant.id,
          code_id: claims.code,
          order_id: claims.order ?? null,
          token_jti: claims.jti,
          payer,
          currency: amount.currency,
          amount: amount.minor.toString(),
          discount: discount.minor.toString(),
          discount_funded_by: applied && discount.isPositive() ? applied.fundedBy : null,
          promotion_id: applied?.promotionId ?? null,
          charged: charged.minor.toString(),
          fee: fee.minor.toString(),
          receipt,
          created_at: createdAt,
        },
        {
          paymentId,
          codeId: claims.code,
          ...(claims.order ? { orderId: claims.order } : {}),
          payer,
          amount: amount.format(),
          discount: merchantDiscount.format(),
          fee: fee.format(),
          net: amount.sub(fee).sub(merchantDiscount).format(),
          currency: amount.currency,
          createdAt: createdAt.toISOString(),
        },
        em,
      );
    } catch (err) {
      if (isUniqueViolation(err, 'uq_payments_token_jti')) throw new PaymentsError('token_already_used', 'This scan has already been paid.');
      throw err;
    }
    if (!row) {
      const code = await this.codes.findCodeById(claims.code, em);
      if (!code || code.merchant_id !== merchant.id) throw new SigningError('invalid_token', 'The token names an unknown code.');
      throw new PaymentsError('code_disabled', 'The merchant has disabled this code.');
    }
    // The ledger last: the hot rows (this merchant, fee revenue) stay locked only until the commit right after.
    await this.ledger.post(
      {
        kind: 'payment',
        reference: `payment:${paymentId}`,
        effectiveAt: createdAt,
        metadata: { paymentId, merchantId: merchant.id, merchantName: merchant.name, codeId: claims.code, orderId: claims.order ?? null },
        postings: [
          ...posting(wallet.id, 'D', charged),
          ...posting(marketing.id, 'D', platformDiscount),
          ...posting(merchantAccount.id, 'C', amount.sub(fee).sub(merchantDiscount)),
          ...posting(feeAccount.id, 'C', fee),
        ],
      },
      em,
    );
    return toPayment(row, merchant.name);
    });
  }

  async getForConsumer(consumerId: string, id: string): Promise<Payment> {
    const row = await this.payments.findForConsumer(id, consumerId);
    if (!row) throw new PaymentsError('payment_not_found', 'No such payment.');
    return toPayment(row, (await this.merchants.get(row.merchant_id)).name);
  }
}
