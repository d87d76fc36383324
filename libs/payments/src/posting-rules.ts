import type { PostingInput } from '@saoma/ledger';
import { Money } from '@saoma/money';

/**
 * The accounting of a payment and of a refund, written once. Each rule
 * turns amounts into postings on four roles; the ledger posts them and the
 * reconciliation checks the journal against the same rules.
 */
export interface PaymentRoles {
  /** The consumer's wallet. */
  wallet: string;
  /** The merchant's wallet. */
  merchant: string;
  /** The platform's fee revenue in the currency. */
  fee: string;
  /** The platform's marketing expense (discounts it funds). */
  marketing: string;
}

export interface PaymentAmounts {
  amount: Money;
  discount: Money;
  discountFundedBy: 'platform' | 'merchant' | null;
  fee: Money;
}

export interface RefundAmounts {
  /** The refund, counted against the payment's amount. */
  amount: Money;
  toConsumer: Money;
  discountBack: Money;
  feeBack: Money;
  discountFundedBy: 'platform' | 'merchant' | null;
}

/** A posting, left out when zero; a negative amount flips the side. */
export function posting(accountId: string, side: 'D' | 'C', amount: Money): PostingInput[] {
  if (amount.isZero()) return [];
  return amount.isNegative() ? [{ accountId, side: side === 'D' ? 'C' : 'D', amount: amount.neg() }] : [{ accountId, side, amount }];
}

/** Signed change of each role's balance on its normal side, in minor units (what the reconciliation compares). */
export interface RoleAmounts {
  wallet: bigint;
  merchant: bigint;
  fee: bigint;
  marketing: bigint;
}

/**
 * A payment: the wallet pays what was charged, the platform pays the
 * discount it funds, the merchant gets the amount less its fee and less the
 * discount it funds, the platform earns the fee.
 */
export function paymentRoleAmounts(p: PaymentAmounts): RoleAmounts {
  const merchantDiscount = p.discountFundedBy === 'merchant' ? p.discount.minor : 0n;
  const platformDiscount = p.discountFundedBy === 'platform' ? p.discount.minor : 0n;
  return {
    wallet: -(p.amount.minor - p.discount.minor),
    marketing: platformDiscount,
    merchant: p.amount.minor - p.fee.minor - merchantDiscount,
    fee: p.fee.minor,
  };
}

/** A refund: the mirror of a payment's share, with the fee and the discount given back in proportion. */
export function refundRoleAmounts(r: RefundAmounts): RoleAmounts {
  const merchantFunded = r.discountFundedBy === 'merchant' ? r.discountBack.minor : 0n;
  const platformFunded = r.discountFundedBy === 'platform' ? r.discountBack.minor : 0n;
  return {
    merchant: -(r.amount.minor - r.feeBack.minor - merchantFunded),
    fee: -r.feeBack.minor,
    wallet: r.toConsumer.minor,
    marketing: -platformFunded,
  };
}

/**
 * Role amounts as postings. Wallets and the merchant are liabilities (a
 * credit raises them), fee revenue too, marketing expense is an expense (a
 * debit raises it).
 */
export function postingsOf(roles: PaymentRoles, a: RoleAmounts, currency: string): PostingInput[] {
  const m = (v: bigint) => Money.of(v, currency);
  return [
    ...posting(roles.wallet, 'C', m(a.wallet)),
    ...posting(roles.marketing, 'D', m(a.marketing)),
    ...posting(roles.merchant, 'C', m(a.merchant)),
    ...posting(roles.fee, 'C', m(a.fee)),
  ];
}

export function paymentPostings(p: PaymentAmounts, roles: PaymentRoles): PostingInput[] {
  return postingsOf(roles, paymentRoleAmounts(p), p.amount.currency);
}

export function refundPostings(r: RefundAmounts, roles: PaymentRoles): PostingInput[] {
  return postingsOf(roles, refundRoleAmounts(r), r.amount.currency);
}
