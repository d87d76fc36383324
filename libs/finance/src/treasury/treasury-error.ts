import { DomainError } from '@saoma/common';
import { isUtcDate } from '../utc-day';

export const TREASURY_ERROR_CODES = [
  /** A bank statement that cannot be read (bad CSV, bad camt.053, a bad amount or date): nothing is imported. */
  'invalid_statement',
  /** A statement id already imported with other lines. */
  'statement_conflict',
  /** No imported statement with that id. */
  'statement_not_found',
  /** No payout run for that day. */
  'payout_run_not_found',
  /** A payout or reconciliation date that is not a `YYYY-MM-DD` day (the HTTP layer answers `validation_failed` first). */
  'invalid_treasury_date',
  /** A list cursor this service did not hand out (shared with other libraries). */
  'invalid_cursor',
] as const;
export type TreasuryErrorCode = (typeof TREASURY_ERROR_CODES)[number];

export class TreasuryError extends DomainError<TreasuryErrorCode> {}

/** A payout or reconciliation day, `YYYY-MM-DD`; anything else is `invalid_treasury_date`. */
export function assertTreasuryDay(date: string): void {
  if (!isUtcDate(date))
    throw new TreasuryError(
      'invalid_treasury_date',
      `date must be a UTC day YYYY-MM-DD, not ${JSON.stringify(String(date).slice(0, 20))}`,
    );
}
