import { Money } from '@saoma/money';
import type { ChargeRow, ChargeStatus, MerchantChargeRow } from './charges.repository';

/** A pack may charge without the PIN up to this many times the no-PIN limit in one UTC day. */
export const OFFLINE_DAY_MULTIPLE = 5n;
/** How long a charge waits for the consumer's PIN. */
export const CONSUMER_WAIT_SECONDS = 300;
/** Refused codes a merchant may send in a minute before it is refused outright. */
export const REFUSALS_PER_MINUTE = 20;

export interface Charge {
  id: string;
  status: ChargeStatus;
  merchantId: string;
  amount: Money;
  reference: string | null;
  createdAt: Date;
  /** While it waits for the consumer. */
  expiresAt: Date | null;
  closedAt: Date | null;
  /** Once succeeded. */
  paymentId: string | null;
  discount: Money | null;
  charged: Money | null;
  payer: string | null;
}

/**
 * Whether a charge may go through without the consumer: at most the no-PIN
 * limit per charge. The pack's day cap (OFFLINE_DAY_MULTIPLE × the limit) is
 * judged by the database under the pack's lock, where concurrent charges
 * are counted exactly.
 */
export function withoutPin(amount: Money, noPinLimit: Money): boolean {
  return amount.cmp(noPinLimit) <= 0;
}

export const dayCapOf = (noPinLimit: Money): bigint => noPinLimit.minor * OFFLINE_DAY_MULTIPLE;

export function toCharge(r: ChargeRow | MerchantChargeRow): Charge {
  const m = (v: string) => Money.ofMinor(v, r.currency.trim());
  const paid = 'charged' in r && r.charged !== null;
  return {
    id: r.id,
    status: r.status,
    merchantId: r.merchant_id,
    amount: m(r.amount),
    reference: r.reference,
    createdAt: new Date(r.created_at),
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    paymentId: r.payment_id,
    discount: paid ? m(r.discount!) : null,
    charged: paid ? m(r.charged!) : null,
    payer: paid ? r.payer : null,
  };
}
