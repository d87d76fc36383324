import { DomainError } from '@saoma/common';

export const PAYMENTS_ERROR_CODES = [
  'duplicate_bank_reference',
  'withdrawal_not_found',
  'topup_not_found',
  'code_not_found',
  'code_disabled',
  'order_not_found',
  'order_not_payable',
  'duplicate_reference',
  'amount_required',
  'amount_mismatch',
  'pin_required',
  'token_already_used',
  'payment_not_found',
  'refund_exceeds_payment',
  'invalid_promotion',
  'invalid_date_range',
  'payment_code_pack_not_found',
  'invalid_payment_code',
  'payment_code_used',
  'charge_not_found',
  'charge_not_awaiting',
  'balance_not_zero',
  'closure_blocked',
  'self_transfer',
  'transfer_not_found',
  'envelope_not_found',
  'already_claimed',
  'envelope_empty',
  'envelope_expired',
  'bill_not_found',
  'bill_already_paid',
  'bill_overdue',
] as const;
export type PaymentsErrorCode = (typeof PAYMENTS_ERROR_CODES)[number];

export class PaymentsError extends DomainError<PaymentsErrorCode> {}
