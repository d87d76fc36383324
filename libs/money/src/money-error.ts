import { DomainError } from '@saoma/common';

/** Every code @saoma/money can throw; apps/api maps each one to an HTTP status. */
export const MONEY_ERROR_CODES = [
  'invalid_amount',
  'unsupported_currency',
  'currency_mismatch',
  'invalid_rate',
] as const;

export type MoneyErrorCode = (typeof MONEY_ERROR_CODES)[number];

export class MoneyError extends DomainError<MoneyErrorCode> {}
