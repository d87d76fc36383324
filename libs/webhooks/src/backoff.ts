/**
 * When to try a failed delivery again. After the n-th failed attempt the next
 * one comes RETRY_DELAYS_MS[n - 1] later (the last step repeats): 5 s, 30 s,
 * 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h, until the event is
 * giveUpAfterMs old (3 days by default: some 20 attempts). Each delay is
 * spread by ±20 % so that the retries of an outage do not all land on the
 * receiver in the same second.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000,
];

export const JITTER = 0.2;

/** Base delay (no jitter) after `failedAttempts` failed attempts (≥ 1). */
export function baseRetryDelayMs(failedAttempts: number): number {
  const i = Math.min(Math.max(1, Math.floor(failedAttempts)), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[i];
}

/** `random` in [0, 1) → a factor in [1 - JITTER, 1 + JITTER). */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 - JITTER + 2 * JITTER * random()));
}

export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  return jittered(baseRetryDelayMs(failedAttempts), random);
}

/**
 * Events of a merchant that has no webhook URL wait: they are looked at again
 * after a quarter of their age, at least 30 s and at most 1 h later, so that a
 * URL set soon after is used soon, and a merchant that never sets one costs
 * one look an hour per event (until the event is given up).
 */
export function noUrlRecheckDelayMs(ageMs: number, random: () => number = Math.random): number {
  return jittered(Math.min(Math.max(ageMs / 4, 30_000), 3_600_000), random);
}
