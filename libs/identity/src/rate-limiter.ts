import { Injectable } from '@nestjs/common';

/**
 * Fixed-window counters in memory: enough for one process. (Several
 * replicas would move this to the database or Redis.)
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = Date.now();

  /** Count one hit; false when `key` is over `limit` in the current window. */
  hit(key: string, limit: number, windowMs = 60_000, now = Date.now()): boolean {
    if (now - this.lastSweep > windowMs) this.sweep(now, windowMs);
    const w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= limit;
  }

  private sweep(now: number, windowMs: number): void {
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
  }
}
