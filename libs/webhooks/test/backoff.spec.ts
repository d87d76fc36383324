import { baseRetryDelayMs, JITTER, noUrlRecheckDelayMs, RETRY_DELAYS_MS, retryDelayMs } from '../src/backoff';
import { DEFAULT_WEBHOOK_OPTIONS } from '../src/webhooks.options';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('webhook retry backoff', () => {
  it('follows 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(baseRetryDelayMs)).toEqual([
      5 * S,
      30 * S,
      2 * MIN,
      10 * MIN,
      30 * MIN,
      H,
      2 * H,
      4 * H,
      4 * H,
      4 * H,
    ]);
  });

  it('spreads each delay by ±20 %', () => {
    expect(retryDelayMs(1, () => 0)).toBe(4 * S);
    expect(retryDelayMs(1, () => 0.5)).toBe(5 * S);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(6 * S);
    for (let i = 0; i < 200; i++) {
      const n = 1 + (i % 10);
      const d = retryDelayMs(n);
      expect(d).toBeGreaterThanOrEqual(baseRetryDelayMs(n) * (1 - JITTER) - 1);
      expect(d).toBeLessThanOrEqual(baseRetryDelayMs(n) * (1 + JITTER) + 1);
    }
  });

  it('keeps retrying for more than 24 hours before the 3-day deadline, with the shortest jitter', () => {
    let t = 0;
    let attempts = 1; // the first attempt at t = 0 failed
    while (t < DEFAULT_WEBHOOK_OPTIONS.giveUpAfterMs) {
      t += retryDelayMs(attempts, () => 0);
      attempts += 1;
    }
    expect(DEFAULT_WEBHOOK_OPTIONS.giveUpAfterMs).toBeGreaterThanOrEqual(24 * H);
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(40);
    expect(RETRY_DELAYS_MS.every((d, i) => i === 0 || d >= RETRY_DELAYS_MS[i - 1])).toBe(true);
  });

  it('re-checks events that wait for a webhook URL after a quarter of their age, 30 s to 1 h', () => {
    expect(noUrlRecheckDelayMs(0, () => 0.5)).toBe(30 * S);
    expect(noUrlRecheckDelayMs(20 * MIN, () => 0.5)).toBe(5 * MIN);
    expect(noUrlRecheckDelayMs(3 * 24 * H, () => 0.5)).toBe(H);
  });
});
