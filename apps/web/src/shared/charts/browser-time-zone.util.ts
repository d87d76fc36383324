/** An IANA name as the service's chart reports take it: `UTC` or `Area/Location` (libs/finance reports/time-zone.ts). */
const IANA_NAME = /^(UTC|[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*){1,2})$/;

/**
 * The browser's time zone ("Europe/Paris"), whose wall clock makes the hours
 * and days of the merchant's charts; UTC when the browser names none the
 * service takes (an old or odd runtime's "GMT", "EST5EDT").
 */
export function browserTimeZone(): string {
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return tz && IANA_NAME.test(tz) ? tz : 'UTC';
  } catch {
    return 'UTC';
  }
}
