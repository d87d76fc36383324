import { DomainError } from '@saoma/common';

export const FINANCE_REPORTS_ERROR_CODES = [
  /** A report date that is not a `YYYY-MM-DD` UTC day (the HTTP layer answers `validation_failed` first). */
  'invalid_report_date',
  /** A report period whose `from` is after its `to`. */
  'invalid_report_period',
  /** A time zone the database does not know (the HTTP layer answers `validation_failed` for names that are no IANA zone). */
  'invalid_time_zone',
] as const;
export type FinanceReportsErrorCode = (typeof FINANCE_REPORTS_ERROR_CODES)[number];

export class FinanceReportsError extends DomainError<FinanceReportsErrorCode> {}
