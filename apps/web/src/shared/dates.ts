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
