const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
