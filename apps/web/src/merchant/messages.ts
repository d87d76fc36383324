import { t } from '../shared/i18n';
import { commonMessages } from '../shared/messages';

/** What each refusal of the API means to the merchant, in the language shown (read when a screen renders). */
export function merchantMessages(): Record<string, string> {
  return {
    ...commonMessages(),
    unauthorized: t('merchant:messages.unauthorized'),
    forbidden: t('merchant:messages.forbidden'),
    duplicate_reference: t('merchant:messages.duplicate_reference'),
    order_not_payable: t('merchant:messages.order_not_payable'),
    refund_exceeds_payment: t('merchant:messages.refund_exceeds_payment'),
    insufficient_funds: t('merchant:messages.insufficient_funds'),
    not_found: t('merchant:messages.not_found'),
  };
}

/** Issuing bills. */
export function billMessages(): Record<string, string> {
  return {
    ...merchantMessages(),
    duplicate_reference: t('merchant:messages.bills.duplicate_reference'),
    bill_already_paid: t('merchant:messages.bills.bill_already_paid'),
    bill_not_found: t('merchant:messages.bills.bill_not_found'),
    validation_failed: t('merchant:messages.bills.validation_failed'),
  };
}

/** Charging the code on the customer's phone (Scan the customer): its own refusals, and the customer's wallet's. */
export function chargeMessages(): Record<string, string> {
  return {
    ...merchantMessages(),
    payment_code_used: t('merchant:messages.charge.payment_code_used'),
    invalid_payment_code: t('merchant:messages.charge.invalid_payment_code'),
    rate_limited: t('merchant:messages.charge.rate_limited'),
    insufficient_funds: t('merchant:messages.charge.insufficient_funds'),
    account_frozen: t('merchant:messages.charge.account_frozen'),
    idempotency_key_in_use: t('merchant:messages.charge.idempotency_key_in_use'),
    charge_not_found: t('merchant:messages.charge.charge_not_found'),
  };
}
