import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@saoma/common';
import { inTransaction, isUniqueViolation, sqlState, withRetry } from '@saoma/database';
import { type IdempotencyRecord, KeyAnswered } from '@saoma/idempotency';
import { ConsumersService, type Merchant, MerchantsService } from '@saoma/identity';
import { isInsufficientFunds, LedgerError, LedgerService, type PostCall, WalletAccount } from '@saoma/ledger';
import { Decimal, Money } from '@saoma/money';
import { SigningError, SigningService } from '@saoma/signing';
import { DataSource, type EntityManager } from 'typeorm';
import { CodesRepository } from './codes.repository';
import { PayerPseudonymService } from './payer-pseudonym.service';
import { PaymentsError } from './payments-error';
import { type NewPaymentRow, type PaymentRow, PaymentsRepository } from './payments.repository';
import { paymentPostings } from './posting-rules';
import { type AppliedDiscount, PromotionsService } from './promotions.service';
import { type ScanClaims, ScanService } from './scan.service';
import { WalletsService } from './wallets.service';

export const RECEIPT_TYP = 'saoma-receipt+jwt';

export interface Payment {
  id: string;
  consumerId: string;
  merchantId: string;
  merchantName: string;
  /** The merchant's code that was scanned; null when the till scanned the consumer's code (a charge). */
  codeId: string | null;
  /** The charge that made this payment (consumer-presented mode). */
  chargeId: string | null;
  orderId: string | null;
  orderReference: string | null;
  /** When the payment paid a bill: its reference. */
  billReference?: string;
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
  const m = (v: string) => Money.ofMinor(v, r.currency);
  return {
    id: r.id,
    consumerId: r.consumer_id,
    merchantId: r.merchant_id,
    merchantName,
    codeId: r.code_id,
    chargeId: chargeIdOf(r.token_jti),
    orderId: r.order_id,
    orderReference: r.order_reference ?? null,
    ...(r.bill_reference ? { billReference: r.bill_reference } : {}),
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

const CHARGE_JTI = 'charge:';

/** A charge's payment carries `charge:<id>` where a scanned one carries its token's id. */
export const chargeJti = (chargeId: string): string => `${CHARGE_JTI}${chargeId}`;

function chargeIdOf(tokenJti: string): string | null {
  return tokenJti.startsWith(CHARGE_JTI) ? tokenJti.slice(CHARGE_JTI.length) : null;
}

/** What a payment is made from: a scanned merchant code (and order), or a charge of the consumer's code. */
export interface PaymentSource {
  codeId: string | null;
  orderId: string | null;
  chargeId: string | null;
  /** Unique per payment: the scan token's id, or chargeJti(chargeId). */
  tokenJti: string;
  /** A bill's reference, when the order is a bill (no promotion applies to bills). */
  billReference?: string;
}

/** Everything a payment needs before it is priced. */
export interface PaymentDraft {
  consumerId: string;
  merchant: Merchant;
  amount: Money;
  source: PaymentSource;
}

/** Statements of the caller's own, written in the payment's transaction once payments_pay has written it. */
export type Alongside = (em: EntityManager, payment: Payment) => Promise<void>;

/** Paying with a scan token: the money moves in one statement with the payment, the order, the event and the idempotency record. */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly ds: DataSource,
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
    return Money.parse(this.config.noPinLimits[currency] ?? this.config.defaultNoPinLimit, currency, {
      allowZero: true,
    });
  }

  /**
   * Pay with a scan token. Everything that can be known beforehand is
   * worked out here (the checks, the amounts, the postings, the signed
   * receipt, the response to keep under the Idempotency-Key); then one
   * statement writes it all (payments_pay), with one commit.
   */
  async pay(
    consumerId: string,
    input: { token: string; amount?: string; pin?: string },
    record: (p: Payment) => IdempotencyRecord,
  ): Promise<Payment> {
    const claims = await this.scans.verify(input.token);
    if (claims.sub !== consumerId) throw new SigningError('invalid_token', 'This token was issued to someone else.');
    const amount = this.amountOf(claims, input.amount);
    if (input.pin !== undefined) await this.consumers.checkPin(consumerId, input.pin);
    else if (amount.cmp(this.noPinLimit(amount.currency)) > 0)
      throw new PaymentsError(
        'pin_required',
        `Payments above ${this.noPinLimit(amount.currency).format()} ${amount.currency} need the PIN.`,
      );

    const merchant = await this.merchants.get(claims.merchant);
    const source = {
      codeId: claims.code,
      orderId: claims.order ?? null,
      chargeId: null,
      tokenJti: claims.jti,
      ...(claims.bill ? { billReference: claims.bill } : {}),
    };
    return this.settle({ consumerId, merchant, amount, source }, record);
  }

  /**
   * Move the money of a payment whose checks are done: the best promotion
   * the database still grants, the receipt, then one payments_pay call. With
   * `alongside`, that call and the caller's statements share one transaction.
   */
  async settle(
    draft: PaymentDraft,
    record: (p: Payment) => IdempotencyRecord,
    alongside?: Alongside,
  ): Promise<Payment> {
    const { consumerId, merchant, amount } = draft;
    const wallet = await this.ledger.findAccountByCode(WalletAccount.consumer(consumerId, amount.currency).code);
    if (!wallet) throw new LedgerError('insufficient_funds', `No ${amount.currency} in the wallet.`);
    const platform = this.wallets.platform(amount.currency);
    const [merchantAccount, feeAccount, marketing] = await Promise.all([
      this.wallets.merchantWallet(merchant.id, amount.currency),
      platform.feeRevenue(),
      platform.marketingExpense(),
    ]);
    const base = {
      id: crypto.randomUUID(),
      consumerId,
      source: draft.source,
      merchant,
      amount,
      payer: this.pseudonyms.of(consumerId, merchant.id),
      createdAt: new Date(),
    };
    const accounts = { wallet: wallet.id, merchant: merchantAccount.id, fee: feeAccount.id, marketing: marketing.id };
    // the best promotion whose budget the database still grants, else none
    let tries = 0;
    // promotions never apply to bills
    const offers = draft.source.billReference ? [] : await this.promotions.candidates(merchant.id, amount);
    for (const applied of [...offers, null]) {
      const payment = await this.priced(base, applied);
      try {
        // after a failed try of our own, its key is awaited: that try may still be aborting
        const waitForKey = tries++ > 0;
        const call = (em?: EntityManager) =>
          this.payments.pay(
            this.rowOf(payment, draft.source),
            this.eventOf(payment),
            record(payment),
            this.entryOf(payment, accounts),
            waitForKey,
            em,
          );
        const outcome = alongside
          ? await inTransaction(this.ds, async (em) => {
              const o = await call(em);
              if (o.status === 'paid') await alongside(em, payment);
              return o;
            })
          : await withRetry(() => call());
        if (outcome.status !== 'paid')
          throw new KeyAnswered({
            in_use: outcome.status === 'in_use',
            state: outcome.status === 'replay' ? 'done' : null,
            ...outcome,
          });
        return payment;
      } catch (err) {
        if (sqlState(err) !== 'SP003') throw await this.refusalOf(err, draft);
      }
    }
    throw new Error('unreachable: a payment without a promotion needs no budget');
  }

  private amountOf(claims: ScanClaims, requested: string | undefined): Money {
    if (claims.amount === undefined) {
      if (requested === undefined) throw new PaymentsError('amount_required', 'This code has no amount: send amount.');
      return Money.parse(requested, claims.currency);
    }
    const fixed = Money.parse(claims.amount, claims.currency);
    if (requested !== undefined && !Money.parse(requested, claims.currency).equals(fixed)) {
      throw new PaymentsError('amount_mismatch', `This code is for ${fixed.format()} ${fixed.currency}.`);
    }
    return fixed;
  }

  /** The payment with this discount (or none), and its receipt, signed before anything is written. */
  private async priced(
    base: {
      id: string;
      consumerId: string;
      source: PaymentSource;
      merchant: Merchant;
      amount: Money;
      payer: string;
      createdAt: Date;
    },
    applied: AppliedDiscount | null,
  ): Promise<Payment & { promotionId: string | null }> {
    const { id, source, merchant, amount, createdAt } = base;
    const discount = applied?.discount ?? Money.zero(amount.currency);
    const charged = amount.sub(discount);
    const receipt = await this.signing.sign(
      {
        jti: id,
        payment: id,
        ...(source.codeId ? { code: source.codeId } : {}),
        ...(source.chargeId ? { charge: source.chargeId } : {}),
        ...(source.orderId ? { order: source.orderId } : {}),
        merchant: merchant.id,
        payer: base.payer,
        amount: amount.format(),
        discount: discount.format(),
        charged: charged.format(),
        currency: amount.currency,
        paidAt: createdAt.toISOString(),
      },
      { typ: RECEIPT_TYP },
    );
    return {
      id,
      consumerId: base.consumerId,
      merchantId: merchant.id,
      merchantName: merchant.name,
      codeId: source.codeId,
      chargeId: source.chargeId,
      orderId: source.orderId,
      orderReference: null,
      ...(source.billReference ? { billReference: source.billReference } : {}),
      payer: base.payer,
      amount,
      discount,
      discountFundedBy: applied && discount.isPositive() ? applied.fundedBy : null,
      charged,
      fee: amount.times(new Decimal(merchant.feeRate)),
      refunded: Money.zero(amount.currency),
      receipt,
      createdAt,
      promotionId: applied?.promotionId ?? null,
    };
  }

  private rowOf(p: Payment & { promotionId: string | null }, source: PaymentSource): NewPaymentRow {
    return {
      id: p.id,
      consumer_id: p.consumerId,
      merchant_id: p.merchantId,
      code_id: p.codeId,
      order_id: p.orderId,
      token_jti: source.tokenJti,
      payer: p.payer,
      currency: p.amount.currency,
      amount: p.amount.minor.toString(),
      discount: p.discount.minor.toString(),
      discount_funded_by: p.discountFundedBy,
      promotion_id: p.promotionId,
      charged: p.charged.minor.toString(),
      fee: p.fee.minor.toString(),
      receipt: p.receipt,
      created_at: p.createdAt,
    };
  }

  /** The payment.succeeded event (written only for a merchant with a webhook URL). */
  private eventOf(p: Payment): Record<string, unknown> {
    const merchantDiscount = p.discountFundedBy === 'merchant' ? p.discount : Money.zero(p.amount.currency);
    return {
      paymentId: p.id,
      ...(p.codeId ? { codeId: p.codeId } : {}),
      ...(p.chargeId ? { chargeId: p.chargeId } : {}),
      ...(p.orderId ? { orderId: p.orderId } : {}),
      ...(p.billReference ? { billReference: p.billReference } : {}),
      payer: p.payer,
      amount: p.amount.format(),
      discount: merchantDiscount.format(),
      fee: p.fee.format(),
      net: p.amount.sub(p.fee).sub(merchantDiscount).format(),
      currency: p.amount.currency,
      createdAt: p.createdAt.toISOString(),
    };
  }

  private entryOf(
    p: Payment,
    accounts: { wallet: string; merchant: string; fee: string; marketing: string },
  ): PostCall {
    return this.ledger.prepare({
      kind: 'payment',
      reference: `payment:${p.id}`,
      effectiveAt: p.createdAt,
      metadata: {
        paymentId: p.id,
        merchantId: p.merchantId,
        merchantName: p.merchantName,
        codeId: p.codeId,
        ...(p.chargeId ? { chargeId: p.chargeId } : {}),
        orderId: p.orderId,
        ...(p.billReference ? { billReference: p.billReference, lineType: 'bill' } : {}),
      },
      postings: paymentPostings(p, accounts),
    });
  }

  /** The domain error for a refusal of payments_pay (see its migration); anything else as it is. */
  private async refusalOf(err: unknown, draft: PaymentDraft): Promise<unknown> {
    if (isInsufficientFunds(err))
      return new LedgerError('insufficient_funds', 'The wallet balance is too small for this payment.');
    switch (sqlState(err)) {
      case 'SP001':
        return draft.source.billReference
          ? await this.billRefusal(draft.source.orderId!)
          : new PaymentsError('order_not_payable', 'The order is no longer open.');
      case 'SP002': {
        const code = draft.source.codeId ? await this.codes.findCodeById(draft.source.codeId) : undefined;
        if (!code || code.merchant_id !== draft.merchant.id)
          return new SigningError('invalid_token', 'The token names an unknown code.');
        return new PaymentsError('code_disabled', 'The merchant has disabled this code.');
      }
      default:
        return isUniqueViolation(err, 'uq_payments_token_jti')
          ? new PaymentsError('token_already_used', 'This scan has already been paid.')
          : err;
    }
  }

  /** Why a bill's order refused the payment: paid already, or past its due date. */
  private async billRefusal(orderId: string): Promise<PaymentsError> {
    const order = await this.codes.findOrderById(orderId);
    return order?.status === 'paid'
      ? new PaymentsError('bill_already_paid', 'This bill is paid.')
      : new PaymentsError('bill_overdue', 'This bill is past its due date and can no longer be paid here.');
  }

  async getForConsumer(consumerId: string, id: string): Promise<Payment> {
    const row = await this.payments.findForConsumer(id, consumerId);
    if (!row) throw new PaymentsError('payment_not_found', 'No such payment.');
    return toPayment(row, (await this.merchants.get(row.merchant_id)).name);
  }
}
