import { currentLocale } from './i18n';

/** Today's date in UTC, as the yyyy-mm-dd the service's day parameters take. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** A timestamp in the reader's locale and time zone, to the second. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(currentLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A count-down's milliseconds as minutes and seconds: "4:07". */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A calendar day (the service's yyyy-mm-dd) in the reader's locale: "6 Dec 2026", "6 déc. 2026", "2026年12月6日". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(currentLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
