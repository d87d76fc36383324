import { DomainError } from '@saoma/common';

export const IDENTITY_ERROR_CODES = [
  'phone_taken',
  'invalid_credentials',
  'too_many_attempts',
  'rate_limited',
  'consumer_not_found',
  'merchant_not_found',
  'invalid_fee_rate',
  'invalid_webhook_url',
  'session_not_found',
  'account_frozen',
  'account_closed',
] as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

export class IdentityError extends DomainError<IdentityErrorCode> {}
