/**
 * Time zones of the chart reports: IANA names only.
 *
 * `UTC`, or an `Area/Location` name (`Asia/Shanghai`, `America/Argentina/Buenos_Aires`,
 * `Etc/GMT-8`) that the runtime's time-zone database knows. Refused on purpose:
 * offsets (`+08:00`) and abbreviations (`CST`, `IST`), which PostgreSQL and
 * ICU read differently (PostgreSQL's `IST` is Israel, ICU's is India; a POSIX
 * `UTC+8` is eight hours *behind* UTC in PostgreSQL).
 */
const IANA_NAME = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*){1,2}$/;

export const DEFAULT_TIME_ZONE = 'UTC';

export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (value !== 'UTC' && !IANA_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day `YYYY-MM-DD` that the clock on the wall shows in `tz` at `at`. */
export function dayIn(tz: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
