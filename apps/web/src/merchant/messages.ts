import { COMMON_MESSAGES } from '../shared/messages';

/** What each refusal of the API means to the merchant. */
export const MESSAGES: Record<string, string> = {
  ...COMMON_MESSAGES,
  unauthorized: 'This API key is not valid.',
  forbidden: 'This key is not a merchant key.',
  duplicate_reference: 'This reference is already used by an order with another amount: choose another reference.',
  order_not_payable: 'This order is already paid, expired or cancelled.',
  refund_exceeds_payment: 'The refunds of this payment would add up to more than the payment.',
  insufficient_funds: 'Your Saoma balance is too small for this refund.',
  not_found: 'Not found.',
};

/** Issuing bills. */
export const BILL_MESSAGES: Record<string, string> = {
  ...MESSAGES,
  duplicate_reference:
    'This reference is already used by another bill or order with a different body: choose another reference.',
  bill_already_paid: 'This bill is paid: it can no longer change.',
  bill_not_found: 'No bill of yours has this reference.',
  validation_failed: 'Check the reference, the amount, the due date and the description (at most 140 characters).',
};

/** Charging the code on the customer's phone (Scan the customer): its own refusals, and the customer's wallet's. */
export const CHARGE_MESSAGES: Record<string, string> = {
  ...MESSAGES,
  payment_code_used:
    'This code has already been used. Ask the customer to show a new code: it changes after each payment.',
  invalid_payment_code:
    'This code cannot be charged: it was misread, has expired or is not valid. Ask the customer to refresh the code and scan it again.',
  rate_limited: 'Too many codes were refused in the last minute. Wait a minute, then scan again.',
  insufficient_funds: "The customer's wallet does not hold enough money for this amount. Nothing was charged.",
  account_frozen: "The customer's account cannot pay at the moment. Nothing was charged.",
  idempotency_key_in_use: 'This charge is still being processed: wait a moment.',
  charge_not_found: 'This charge is not one of yours.',
};
