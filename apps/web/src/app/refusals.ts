import { commonMessages } from '../shared/messages';

/** What a frozen wallet may and may not do: shown wherever the service answers 423 account_frozen. */
export const FROZEN_EXPLANATION =
  'Your wallet is frozen: you can receive money and read your history, but no money can leave it. Contact Saoma support.';

/** What each refusal of the API means to the person holding the phone. */
export const REFUSALS: Record<string, string> = {
  ...commonMessages(),
  insufficient_funds:
    'Not enough money in your wallet for this payment. Nothing was paid. Top up your wallet and try again.',
  order_not_payable:
    'This order can no longer be paid: it has already been paid, has expired or was cancelled. Ask the cashier for a new code.',
  code_disabled: 'The merchant has switched this code off. Ask the cashier for another code.',
  code_not_found: 'This is not a Saoma payment code, or the code is unknown. Nothing was paid.',
  invalid_qr: 'This is not a payment code: it could not be read as one. Nothing was paid.',
  pin_required: 'This amount is above the limit for paying without a PIN: enter your 6-digit PIN.',
  invalid_credentials: 'Wrong phone number or PIN.',
  too_many_attempts: 'Too many wrong PINs: the account is locked for 15 minutes. Try again later.',
  amount_mismatch: 'The amount is not the one in the code. Scan the code again.',
  amount_required: 'Enter the amount to pay.',
  invalid_token: 'This scan has expired. Scan the code again.',
  token_already_used: 'This scan has already been paid. Scan the code again for a new payment.',
  phone_taken: 'This phone number already has an account: sign in instead.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
  account_frozen: FROZEN_EXPLANATION,
  bill_not_found: 'No bill has this reference at this merchant. Check both on the paper bill.',
  bill_already_paid: 'This bill has already been paid. Nothing was paid again.',
  bill_overdue: 'This bill is past its due date and can no longer be paid here. Contact the issuer.',
};
export const PAY_REFUSALS = { ...REFUSALS, invalid_credentials: 'Wrong PIN. Nothing was paid. Try again.' };
/** Getting the phone's payment codes: the PIN alone is asked, so a wrong one is a wrong PIN. */
export const CODE_REFUSALS = { ...REFUSALS, invalid_credentials: 'Wrong PIN. Try again.' };
/** Confirming or declining a charge that waits for the PIN. */
export const CHARGE_REFUSALS = {
  ...PAY_REFUSALS,
  charge_not_awaiting: 'This payment no longer waits for you: it was confirmed, declined or its time ran out.',
  charge_not_found: 'This payment no longer waits for you.',
};
/** Ending a session of this account (this device or another). */
export const SESSION_REFUSALS = {
  ...REFUSALS,
  session_not_found: 'That device is already signed out.',
};
/** A new PIN: the current one is asked, so a wrong one is a wrong current PIN. */
export const PIN_REFUSALS = {
  ...REFUSALS,
  invalid_credentials:
    'Your current PIN is wrong: the PIN was not changed. After 5 wrong PINs in a row the account is locked for 15 minutes.',
  validation_failed: 'The new PIN must be 6 digits.',
};
/** Closing the account. */
export const CLOSURE_REFUSALS = {
  ...REFUSALS,
  invalid_credentials: 'Wrong PIN: the account was not closed.',
  validation_failed: 'Enter your 6-digit PIN.',
  balance_not_zero:
    'Your wallet still holds money: withdraw all of it to your bank first, then close the account. Nothing was closed.',
  closure_blocked:
    'Money of yours is still on its way (a withdrawal, a transfer or a red envelope): close the account once it has arrived. Nothing was closed.',
  account_frozen: 'A frozen wallet cannot be closed. Contact Saoma support.',
  account_closed: 'This account is already closed.',
};
/** Sending money to a phone. */
export const TRANSFER_REFUSALS = {
  ...PAY_REFUSALS,
  invalid_credentials: 'Wrong PIN. Nothing was sent. Try again.',
  self_transfer: 'That is your own phone number: send money to someone else.',
  insufficient_funds: 'Not enough money in your wallet for this transfer. Nothing was sent.',
  validation_failed:
    'Check the phone number (with its country code, such as +86…) and the note (at most 140 characters).',
  transfer_not_found: 'No such transfer of yours.',
};
/** Making and claiming red envelopes. */
export const ENVELOPE_REFUSALS = {
  ...REFUSALS,
  insufficient_funds: 'Not enough money in your wallet for this envelope. Nothing was taken.',
  invalid_amount: 'The total must give each share at least 0.01.',
  validation_failed: 'Between 1 and 100 shares, and a message of at most 140 characters.',
  already_claimed: 'You have already opened this red envelope.',
  envelope_empty: 'Too late: every share of this red envelope has been taken.',
  envelope_expired: 'This red envelope has expired: what was left went back to its sender.',
  envelope_not_found: 'No red envelope has this code. Check it and try again.',
};
