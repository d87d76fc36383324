/** Today's date in UTC, as the yyyy-mm-dd the service's day parameters take. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** A timestamp in the reader's locale and time zone, to the second. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
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
