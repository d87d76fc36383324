import { useEffect, useState } from 'preact/hooks';

/** The milliseconds left until `until` (an ISO time), down to 0, updated every second. */
export function useCountdown(until: string): number {
  const [left, setLeft] = useState(() => Math.max(0, Date.parse(until) - Date.now()));
  useEffect(() => {
    const t = window.setInterval(() => setLeft(Math.max(0, Date.parse(until) - Date.now())), 1000);
    return () => window.clearInterval(t);
  }, [until]);
  return left;
}
