import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How often (in hits of this process) windows that ended long ago are deleted. */
const SWEEP_EVERY = 500;

/**
 * Fixed-window rate limits shared by every process through the database:
 * each hit is one upsert of the key's counter for the current window,
 * judged on the database's clock (rate_limit_hits, UNLOGGED). Nothing a
 * client's allowance depends on lives in this process.
 */
@Injectable()
export class RateLimiter {
  private hitsSinceSweep = 0;

  constructor(private readonly ds: DataSource) {}

  /** Count one hit; false when `key` is over `limit` in the current window of `windowMs`. */
  async hit(key: string, limit: number, windowMs = 60_000): Promise<boolean> {
    if (++this.hitsSinceSweep >= SWEEP_EVERY) {
      this.hitsSinceSweep = 0;
      await this.ds.query(`DELETE FROM rate_limit_hits WHERE window_start < now() - interval '1 day'`);
    }
    // the window that now() falls in, as a multiple of windowMs since the epoch
    const rows: Array<{ hits: number }> = await this.ds.query(
      `INSERT INTO rate_limit_hits (key, window_start, hits)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) * 1000 / $2) * $2 / 1000.0), 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
       RETURNING hits`,
      [key, windowMs],
    );
    return rows[0].hits <= limit;
  }

  /** Hits of `key` in the current window, without counting one (for limits on refusals, counted by hit() when they happen). */
  async count(key: string, windowMs = 60_000): Promise<number> {
    const rows: Array<{ hits: number }> = await this.ds.query(
      `SELECT hits FROM rate_limit_hits
        WHERE key = $1 AND window_start = to_timestamp(floor(extract(epoch FROM now()) * 1000 / $2) * $2 / 1000.0)`,
      [key, windowMs],
    );
    return rows[0]?.hits ?? 0;
  }
}
