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
