const DAY_MS = 86_400_000;

export { isUtcDate } from '@saoma/common';

/** The UTC day `[start, end)` of a `YYYY-MM-DD` date (checked by the caller with isUtcDate). */
export function utcDayBounds(date: string): { start: Date; end: Date } {
  const start = new Date(`${date}T00:00:00.000Z`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}
