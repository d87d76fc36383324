import { t } from '../shared/i18n';
import { commonMessages } from '../shared/messages';

/*
 * What each refusal of the API means to the person holding the phone, in the
 * language shown: functions, so that the texts are read while rendering.
 */

/** What a frozen wallet may and may not do: shown wherever the service answers 423 account_frozen. */
export const frozenExplanation = (): string => t('app:frozen');

/** What each refusal of the API means to the person holding the phone. */
export function refusals(): Record<string, string> {
  return {
    ...commonMessages(),
    insufficient_funds: t('app:refusals.insufficient_funds'),
    order_not_payable: t('app:refusals.order_not_payable'),
    code_disabled: t('app:refusals.code_disabled'),
    code_not_found: t('app:refusals.code_not_found'),
    invalid_qr: t('app:refusals.invalid_qr'),
    pin_required: t('app:refusals.pin_required'),
    invalid_credentials: t('app:refusals.invalid_credentials'),
    too_many_attempts: t('app:refusals.too_many_attempts'),
    amount_mismatch: t('app:refusals.amount_mismatch'),
    amount_required: t('app:refusals.amount_required'),
    invalid_token: t('app:refusals.invalid_token'),
    token_already_used: t('app:refusals.token_already_used'),
    phone_taken: t('app:refusals.phone_taken'),
    rate_limited: t('app:refusals.rate_limited'),
    account_frozen: frozenExplanation(),
    bill_not_found: t('app:refusals.bill_not_found'),
    bill_already_paid: t('app:refusals.bill_already_paid'),
    bill_overdue: t('app:refusals.bill_overdue'),
  };
}

/** Paying. */
export function payRefusals(): Record<string, string> {
  return { ...refusals(), invalid_credentials: t('app:refusals.pay.invalid_credentials') };
}

/** Getting the phone's payment codes: the PIN alone is asked, so a wrong one is a wrong PIN. */
export function codeRefusals(): Record<string, string> {
  return { ...refusals(), invalid_credentials: t('app:refusals.code.invalid_credentials') };
}

/** Confirming or declining a charge that waits for the PIN. */
export function chargeRefusals(): Record<string, string> {
  return {
    ...payRefusals(),
    charge_not_awaiting: t('app:refusals.charge.charge_not_awaiting'),
    charge_not_found: t('app:refusals.charge.charge_not_found'),
  };
}

/** Ending a session of this account (this device or another). */
export function sessionRefusals(): Record<string, string> {
  return { ...refusals(), session_not_found: t('app:refusals.session.session_not_found') };
}

/** A new PIN: the current one is asked, so a wrong one is a wrong current PIN. */
export function pinRefusals(): Record<string, string> {
  return {
    ...refusals(),
    invalid_credentials: t('app:refusals.newPin.invalid_credentials'),
    validation_failed: t('app:refusals.newPin.validation_failed'),
  };
}

/** Closing the account. */
export function closureRefusals(): Record<string, string> {
  return {
    ...refusals(),
    invalid_credentials: t('app:refusals.closure.invalid_credentials'),
    validation_failed: t('app:refusals.closure.validation_failed'),
    balance_not_zero: t('app:refusals.closure.balance_not_zero'),
    closure_blocked: t('app:refusals.closure.closure_blocked'),
    account_frozen: t('app:refusals.closure.account_frozen'),
    account_closed: t('app:refusals.closure.account_closed'),
  };
}

/** Sending money to a phone. */
export function transferRefusals(): Record<string, string> {
  return {
    ...payRefusals(),
    invalid_credentials: t('app:refusals.transfer.invalid_credentials'),
    self_transfer: t('app:refusals.transfer.self_transfer'),
    insufficient_funds: t('app:refusals.transfer.insufficient_funds'),
    validation_failed: t('app:refusals.transfer.validation_failed'),
    transfer_not_found: t('app:refusals.transfer.transfer_not_found'),
  };
}

/** Making and claiming red envelopes. */
export function envelopeRefusals(): Record<string, string> {
  return {
    ...refusals(),
    insufficient_funds: t('app:refusals.envelope.insufficient_funds'),
    invalid_amount: t('app:refusals.envelope.invalid_amount'),
    validation_failed: t('app:refusals.envelope.validation_failed'),
    already_claimed: t('app:refusals.envelope.already_claimed'),
    envelope_empty: t('app:refusals.envelope.envelope_empty'),
    envelope_expired: t('app:refusals.envelope.envelope_expired'),
    envelope_not_found: t('app:refusals.envelope.envelope_not_found'),
  };
}
