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
  return amount.isNegative()
    ? [{ accountId, side: side === 'D' ? 'C' : 'D', amount: amount.neg() }]
    : [{ accountId, side, amount }];
}

/** The four accounts a payment or a refund moves. */
export type Role = keyof PaymentRoles;

/** Signed change of each role's balance on its normal side, in minor units (what the reconciliation compares). */
export type RoleAmounts = Record<Role, bigint>;

/**
 * The side that raises each role's balance. Wallets and the merchant are
 * liabilities (a credit raises them), fee revenue too; marketing expense is
 * an expense (a debit raises it).
 */
export const ROLE_SIDE: Readonly<Record<Role, 'D' | 'C'>> = { wallet: 'C', marketing: 'D', merchant: 'C', fee: 'C' };

/** Who funds a discount: only the terms of that funder count. */
export type DiscountFunder = 'platform' | 'merchant';

/** One amount of the document, added or taken away, counted only when the discount is funded by `fundedBy` (if given). */
export interface RuleTerm<F extends string> {
  sign: 1 | -1;
  field: F;
  fundedBy?: DiscountFunder;
}

/**
 * A posting rule as data: each role's change is a sum of the document's
 * amounts. The same rule is evaluated here for the ledger (applyRule) and
 * rendered to SQL for the reconciliation (ruleNetDebitSql), so the journal
 * is checked against the rule it was written with, not a second copy.
 */
export type PostingRule<F extends string> = Readonly<Record<Role, readonly RuleTerm<F>[]>>;

const plus = <F extends string>(field: F, fundedBy?: DiscountFunder): RuleTerm<F> => ({
  sign: 1,
  field,
  ...(fundedBy ? { fundedBy } : {}),
});
const minus = <F extends string>(field: F, fundedBy?: DiscountFunder): RuleTerm<F> => ({
  sign: -1,
  field,
  ...(fundedBy ? { fundedBy } : {}),
});

export type PaymentField = 'amount' | 'discount' | 'fee';
export type RefundField = 'amount' | 'toConsumer' | 'discountBack' | 'feeBack';

/**
 * A payment: the wallet pays what was charged, the platform pays the
 * discount it funds, the merchant gets the amount less its fee and less the
 * discount it funds, the platform earns the fee.
 */
export const PAYMENT_RULE: PostingRule<PaymentField> = {
  wallet: [minus('amount'), plus('discount')],
  marketing: [plus('discount', 'platform')],
  merchant: [plus('amount'), minus('fee'), minus('discount', 'merchant')],
  fee: [plus('fee')],
};

/** A refund: the mirror of a payment's share, with the fee and the discount given back in proportion. */
export const REFUND_RULE: PostingRule<RefundField> = {
  wallet: [plus('toConsumer')],
  marketing: [minus('discountBack', 'platform')],
  merchant: [minus('amount'), plus('feeBack'), plus('discountBack', 'merchant')],
  fee: [minus('feeBack')],
};

const ROLES: readonly Role[] = ['wallet', 'marketing', 'merchant', 'fee'];

/** Each role's change for one document's amounts. */
export function applyRule<F extends string>(
  rule: PostingRule<F>,
  values: Readonly<Record<F, bigint>>,
  fundedBy: DiscountFunder | null,
): RoleAmounts {
  const out = { wallet: 0n, marketing: 0n, merchant: 0n, fee: 0n };
  for (const role of ROLES) {
    for (const t of rule[role]) {
      if (t.fundedBy && t.fundedBy !== fundedBy) continue;
      const value: bigint = values[t.field];
      out[role] += t.sign === 1 ? value : -value;
    }
  }
  return out;
}

/**
 * A role's net debit (a credit negative) as a SQL expression over a row:
 * `columns` names the column of each amount, `fundedBy` the expression of
 * who funded the discount. Column names are the caller's constants, never
 * input.
 */
export function ruleNetDebitSql<F extends string>(
  rule: PostingRule<F>,
  role: Role,
  columns: Readonly<Record<F, string>>,
  fundedBy: string,
): string {
  const debit = ROLE_SIDE[role] === 'D' ? 1 : -1;
  const terms = rule[role].map((t) => {
    const value = t.fundedBy
      ? `CASE WHEN ${fundedBy} = '${t.fundedBy}' THEN ${columns[t.field]} ELSE 0 END`
      : columns[t.field];
    return `${t.sign * debit === 1 ? '+' : '-'} ${value}`;
  });
  return `(0 ${terms.join(' ')})`;
}

export function paymentRoleAmounts(p: PaymentAmounts): RoleAmounts {
  return applyRule(
    PAYMENT_RULE,
    { amount: p.amount.minor, discount: p.discount.minor, fee: p.fee.minor },
    p.discountFundedBy,
  );
}

export function refundRoleAmounts(r: RefundAmounts): RoleAmounts {
  return applyRule(
    REFUND_RULE,
    {
      amount: r.amount.minor,
      toConsumer: r.toConsumer.minor,
      discountBack: r.discountBack.minor,
      feeBack: r.feeBack.minor,
    },
    r.discountFundedBy,
  );
}

/** Role amounts as postings, each on the side that raises its role (ROLE_SIDE), in the order wallet, marketing, merchant, fee. */
export function postingsOf(roles: PaymentRoles, a: RoleAmounts, currency: string): PostingInput[] {
  return ROLES.flatMap((role) => posting(roles[role], ROLE_SIDE[role], Money.of(a[role], currency)));
}

export function paymentPostings(p: PaymentAmounts, roles: PaymentRoles): PostingInput[] {
  return postingsOf(roles, paymentRoleAmounts(p), p.amount.currency);
}

export function refundPostings(r: RefundAmounts, roles: PaymentRoles): PostingInput[] {
  return postingsOf(roles, refundRoleAmounts(r), r.amount.currency);
}
