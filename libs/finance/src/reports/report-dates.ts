import { FinanceReportsError } from './finance-reports-error';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/**
 * `YYYY-MM-DD`, a real calendar day (no 2025-02-30), years 1970 to 9998 (so
 * that the day's end is still a date both JavaScript and PostgreSQL hold).
 */
export function isUtcDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1970 || year > 9998) return false;
  const t = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export function utcDay(date: string): UtcDay {
  if (!isUtcDate(date)) throw new FinanceReportsError('invalid_report_date', `date must be a UTC day YYYY-MM-DD, not ${JSON.stringify(date)}`);
  const start = new Date(`${date}T00:00:00.000Z`);
  return { date, start, end: new Date(start.getTime() + DAY_MS) };
}

export function utcPeriod(from: string, to: string): UtcPeriod {
  const a = utcDay(from);
  const b = utcDay(to);
  if (a.start > b.start) throw new FinanceReportsError('invalid_report_period', `from (${from}) is after to (${to})`);
  return { from, to, start: a.start, end: b.end };
}
