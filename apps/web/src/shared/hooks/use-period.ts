import { useEffect, useState } from 'preact/hooks';

/** The current period of `seconds` seconds from the Unix epoch, and the whole seconds left in it. */
export interface PeriodClock {
  /** the period's number: floor(unix seconds / seconds) */
  counter: number;
  /** 1 to `seconds` */
  secondsLeft: number;
  /** the Unix seconds of this tick */
  now: number;
}

const read = (seconds: number): PeriodClock => {
  const now = Math.floor(Date.now() / 1000);
  const counter = Math.floor(now / seconds);
  return { counter, secondsLeft: (counter + 1) * seconds - now, now };
};

/**
 * A clock of periods (a TOTP's 60 s): ticks on every whole second, so that the
 * countdown moves each second and a new period starts at its boundary, not up to
 * a second after it.
 */
export function usePeriod(seconds: number): PeriodClock {
  const [clock, setClock] = useState(() => read(seconds));
  useEffect(() => {
    let timer: number | undefined;
    const tick = () => {
      setClock(read(seconds));
      timer = window.setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    tick();
    return () => window.clearTimeout(timer);
  }, [seconds]);
  return clock;
}
