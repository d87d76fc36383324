import { presentIdentity } from '@saoma/identity';
import { Money } from '@saoma/money';
import type { MerchantPayment } from '../merchant-payments.service';
import type { Order } from '../orders.service';
import type { Payment } from '../checkout.service';
import type { Promotion } from '../promotions.service';
import type { QrCode } from '../codes.service';
import type { Refund } from '../refunds.service';
import type { ScanResult } from '../scan.service';
import type { Topup } from '../topups.service';
import type { WalletStatementLine, WalletView } from '../wallets.service';
import type { Withdrawal } from '../withdrawals.service';
import type { TopupDto, TransactionDto, WalletDto, WithdrawalDto } from './wallets.dto';
import type {
  CodeDto,
  MerchantPaymentDto,
  OrderDto,
  PaymentDto,
  PromotionDto,
  RefundDto,
  ScanResultDto,
} from './payments.dto';

const opt = <T>(v: T | null | undefined, f: (x: T) => string): string | undefined =>
  v === null || v === undefined ? undefined : f(v);

/** Domain objects → the contract's JSON. Money leaves as strings with exactly the minor digits. */
export const present = {
  ...presentIdentity,
  topup: (t: Topup): TopupDto => ({
    id: t.id,
    consumerId: t.consumerId,
    amount: t.amount.format(),
    currency: t.amount.currency,
    bankReference: t.bankReference,
    createdAt: t.createdAt.toISOString(),
  }),
  withdrawal: (w: Withdrawal): WithdrawalDto => ({
    id: w.id,
    status: w.status,
    amount: w.amount.format(),
    currency: w.amount.currency,
    endToEndReference: w.endToEndReference,
    createdAt: w.createdAt.toISOString(),
  }),
  wallet: (w: WalletView): WalletDto => ({ currency: w.currency, balance: w.balance.format() }),
  transaction: (l: WalletStatementLine): TransactionDto => ({
    id: l.id,
    type: l.type,
    amount: l.amount.format(),
    currency: l.amount.currency,
    ...(l.merchant ? { merchant: l.merchant } : {}),
    ...(l.counterparty ? { counterparty: l.counterparty } : {}),
    ...(l.paymentId ? { paymentId: l.paymentId } : {}),
    ...(l.billReference ? { billReference: l.billReference } : {}),
    createdAt: l.createdAt.toISOString(),
  }),
  code: (c: QrCode): CodeDto => ({
    id: c.id,
    reference: c.reference,
    label: c.label ?? '',
    ...(c.amount ? { amount: c.amount.format() } : {}),
    currency: c.currency,
    status: c.status,
    payload: c.payload,
    createdAt: c.createdAt.toISOString(),
  }),
  order: (o: Order): OrderDto => ({
    id: o.id,
    reference: o.reference,
    amount: o.amount.format(),
    currency: o.amount.currency,
    status: o.status,
    payload: o.payload,
    codeId: o.codeId,
    expiresAt: o.expiresAt.toISOString(),
    ...(o.paymentId ? { paymentId: o.paymentId } : {}),
    createdAt: o.createdAt.toISOString(),
  }),
  scan: (s: ScanResult, noPinLimit: Money): ScanResultDto => ({
    token: s.token,
    merchant: s.merchant,
    codeId: s.codeId,
    ...(s.orderId ? { orderId: s.orderId, orderReference: s.orderReference } : {}),
    ...(s.amount ? { amount: s.amount.format() } : {}),
    currency: s.currency,
    expiresAt: s.expiresAt.toISOString(),
    ...(s.discount ? { discount: s.discount.format() } : {}),
    ...(s.bill
      ? {
          bill: {
            reference: s.bill.reference,
            amount: s.bill.amount.format(),
            dueDate: s.bill.dueDate,
            description: s.bill.description,
          },
        }
      : {}),
    noPinLimit: noPinLimit.format(),
  }),
  payment: (p: Payment): PaymentDto => ({
    id: p.id,
    status: 'succeeded',
    amount: p.amount.format(),
    discount: p.discount.format(),
    charged: p.charged.format(),
    ...(p.refunded.isPositive() ? { refunded: p.refunded.format() } : {}),
    currency: p.amount.currency,
    merchant: { id: p.merchantId, name: p.merchantName },
    ...(p.codeId ? { codeId: p.codeId } : {}),
    ...(p.chargeId ? { chargeId: p.chargeId } : {}),
    ...(p.orderId ? { orderId: p.orderId } : {}),
    ...(p.billReference ? { billReference: p.billReference } : {}),
    createdAt: p.createdAt.toISOString(),
    receipt: p.receipt,
  }),
  refund: (r: Refund): RefundDto => ({
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount.format(),
    toConsumer: r.toConsumer.format(),
    feeBack: r.feeBack.format(),
    currency: r.amount.currency,
    ...(r.reason ? { reason: r.reason } : {}),
    createdAt: r.createdAt.toISOString(),
  }),
  merchantPayment: (p: MerchantPayment): MerchantPaymentDto => {
    const merchantDiscount = p.discountFundedBy === 'merchant' ? p.discount : Money.zero(p.amount.currency);
    return {
      id: p.id,
      status: p.refunded.isZero() ? 'succeeded' : p.refunded.equals(p.amount) ? 'refunded' : 'partially_refunded',
      payer: p.payer,
      amount: p.amount.format(),
      discount: merchantDiscount.format(),
      fee: p.fee.format(),
      net: p.amount.sub(merchantDiscount).sub(p.fee).format(),
      refunded: p.refunded.format(),
      currency: p.amount.currency,
      ...(p.codeId ? { codeId: p.codeId } : {}),
      ...(p.chargeId ? { chargeId: p.chargeId } : {}),
      ...(p.orderId ? { orderId: p.orderId } : {}),
      ...(p.orderReference ? { orderReference: p.orderReference } : {}),
      ...(p.billReference ? { billReference: p.billReference } : {}),
      createdAt: p.createdAt.toISOString(),
      refunds: p.refunds.map(present.refund),
    };
  },
  promotion: (p: Promotion): PromotionDto => ({
    id: p.id,
    merchantId: p.merchantId,
    fundedBy: p.fundedBy,
    ...(p.percentOff !== null ? { percentOff: p.percentOff } : {}),
    amountOff: opt(p.amountOff, (m) => m.format()),
    minSpend: opt(p.minSpend, (m) => m.format()),
    maxDiscount: opt(p.maxDiscount, (m) => m.format()),
    startsAt: p.startsAt.toISOString(),
    endsAt: p.endsAt.toISOString(),
    budget: opt(p.budget, (m) => m.format()),
    spent: p.spent.format(),
    currency: p.currency,
  }),
};
