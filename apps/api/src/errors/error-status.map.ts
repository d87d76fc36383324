import {
  FINANCE_REPORTS_ERROR_CODES,
  type FinanceReportsErrorCode,
  TREASURY_ERROR_CODES,
  type TreasuryErrorCode,
} from '@saoma/finance';
import { IDEMPOTENCY_ERROR_CODES, type IdempotencyErrorCode } from '@saoma/idempotency';
import {
  IDENTITY_ERROR_CODES,
  type IdentityErrorCode,
  PRIVACY_ERROR_CODES,
  type PrivacyErrorCode,
} from '@saoma/identity';
import { LEDGER_ERROR_CODES, type LedgerErrorCode } from '@saoma/ledger';
import { MONEY_ERROR_CODES, type MoneyErrorCode } from '@saoma/money';
import { PAYMENTS_ERROR_CODES, type PaymentsErrorCode } from '@saoma/payments';
import { QR_ERROR_CODES, type QrErrorCode } from '@saoma/qr';
import { SIGNING_ERROR_CODES, type SigningErrorCode } from '@saoma/signing';
import { WEBHOOKS_ERROR_CODES, type WebhooksErrorCode } from '@saoma/webhooks';
import { HTTP_ERROR_CODES, type HttpErrorCode } from '@saoma/http';

/**
 * Every coded error of every library, and its HTTP status: the one place
 * where domain errors meet HTTP. A code missing here does not compile.
 */
export type ErrorCode =
  | HttpErrorCode
  | MoneyErrorCode
  | LedgerErrorCode
  | IdentityErrorCode
  | IdempotencyErrorCode
  | PaymentsErrorCode
  | QrErrorCode
  | SigningErrorCode
  | WebhooksErrorCode
  | FinanceReportsErrorCode
  | PrivacyErrorCode
  | TreasuryErrorCode;

export const ERROR_STATUS: Record<ErrorCode, number> = {
  // HTTP layer
  not_found: 404,
  malformed_json: 400,
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  method_not_allowed: 405,
  bad_request: 400,
  internal_error: 500,
  service_unavailable: 503,
  // money
  invalid_amount: 422,
  unsupported_currency: 422,
  currency_mismatch: 422,
  invalid_rate: 422,
  // ledger
  insufficient_funds: 402,
  unbalanced_entry: 500,
  invalid_entry: 500,
  reference_conflict: 409,
  account_not_found: 404,
  already_reversed: 409,
  // identity
  phone_taken: 409,
  invalid_credentials: 401,
  too_many_attempts: 429,
  consumer_not_found: 404,
  merchant_not_found: 404,
  invalid_fee_rate: 422,
  invalid_webhook_url: 422,
  // idempotency (the IETF Idempotency-Key draft's statuses)
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  invalid_idempotency_key: 400,
  // payments
  duplicate_bank_reference: 409,
  withdrawal_not_found: 404,
  topup_not_found: 404,
  code_not_found: 404,
  code_disabled: 410,
  order_not_found: 404,
  order_not_payable: 409,
  duplicate_reference: 409,
  amount_required: 422,
  amount_mismatch: 422,
  pin_required: 422,
  token_already_used: 409,
  payment_not_found: 404,
  payment_code_pack_not_found: 404,
  session_not_found: 404,
  account_frozen: 423,
  account_closed: 409,
  balance_not_zero: 409,
  closure_blocked: 409,
  invalid_payment_code: 422,
  payment_code_used: 409,
  charge_not_found: 404,
  charge_not_awaiting: 409,
  refund_exceeds_payment: 422,
  // between people, bills
  self_transfer: 422,
  transfer_not_found: 404,
  envelope_not_found: 404,
  already_claimed: 409,
  envelope_empty: 410,
  envelope_expired: 410,
  bill_not_found: 404,
  bill_already_paid: 409,
  bill_overdue: 409,
  invalid_promotion: 422,
  invalid_date_range: 422,
  // codes and signatures
  invalid_qr: 422,
  invalid_token: 422,
  // webhooks
  invalid_cursor: 400,
  webhook_url_missing: 409,
  // finance reports
  invalid_report_date: 400,
  invalid_report_period: 422,
  invalid_time_zone: 400,
  // privacy (invalid_cursor above is shared)
  purpose_required: 400,
  purpose_too_long: 400,
  operator_required: 403,
  // finance treasury: payouts, bank statements, reconciliation (invalid_cursor above is shared)
  invalid_statement: 422,
  statement_conflict: 409,
  statement_not_found: 404,
  payout_run_not_found: 404,
  invalid_treasury_date: 400,
};

export const ALL_ERROR_CODES: readonly ErrorCode[] = [
  ...HTTP_ERROR_CODES,
  ...MONEY_ERROR_CODES,
  ...LEDGER_ERROR_CODES,
  ...IDENTITY_ERROR_CODES,
  ...IDEMPOTENCY_ERROR_CODES,
  ...PAYMENTS_ERROR_CODES,
  ...QR_ERROR_CODES,
  ...SIGNING_ERROR_CODES,
  ...WEBHOOKS_ERROR_CODES,
  ...FINANCE_REPORTS_ERROR_CODES,
  ...PRIVACY_ERROR_CODES,
  ...TREASURY_ERROR_CODES,
];

export const ERROR_TITLES: Partial<Record<ErrorCode, string>> = {
  not_found: 'Not found',
  validation_failed: 'Validation failed',
  malformed_json: 'Malformed JSON',
  payload_too_large: 'Request body too large',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  internal_error: 'Internal error',
  insufficient_funds: 'Insufficient funds',
  invalid_amount: 'Invalid amount',
};

export function titleOf(code: string): string {
  const t = ERROR_TITLES[code as ErrorCode];
  if (t) return t;
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
