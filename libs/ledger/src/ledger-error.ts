import { DomainError } from '@saoma/common';

export const LEDGER_ERROR_CODES = [
  'insufficient_funds',
  'unbalanced_entry',
  'invalid_entry',
  'reference_conflict',
  'account_not_found',
  'already_reversed',
] as const;
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

export class LedgerError extends DomainError<LedgerErrorCode> {}
