import { isUtcDate, utcDayBounds } from '../utc-day';
import { FinanceReportsError } from './finance-reports-error';

/** One UTC day: `[start, end)`. */
export interface UtcDay {
  date: string;
  start: Date;
  end: Date;
}

/** A period of whole UTC days, both ends included: `[start, end)` is from the start of `from` to the end of `to`. */
export interface UtcPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export function utcDay(date: string): UtcDay {
  if (!isUtcDate(date))
    throw new FinanceReportsError(
      'invalid_report_date',
      `date must be a UTC day YYYY-MM-DD, not ${JSON.stringify(date)}`,
    );
  return { date, ...utcDayBounds(date) };
}

export function utcPeriod(from: string, to: string): UtcPeriod {
  const a = utcDay(from);
  const b = utcDay(to);
  if (a.start > b.start) throw new FinanceReportsError('invalid_report_period', `from (${from}) is after to (${to})`);
  return { from, to, start: a.start, end: b.end };
}
