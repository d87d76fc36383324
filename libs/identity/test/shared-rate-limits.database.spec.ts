import crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@saoma/database';
import { openTestDataSource } from '../../../test/support/test-database';
import { RateLimiter } from '../src/rate-limiter';

/** Two service processes, as two pools and two limiters on one database, share every allowance. */
describe('rate limits shared through the database', () => {
  let ds: DataSource;
  let second: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDataSource();
    ds = opened.ds;
    second = new DataSource(dataSourceOptions({ url: opened.db.url, poolSize: 20 }));
    await second.initialize();
    close = async () => {
      await second.destroy();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('grants exactly the limit to hits that arrive at once through two processes', async () => {
    const [a, b] = [new RateLimiter(ds), new RateLimiter(second)];
    const key = `signin:ip:${crypto.randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).hit(key, 5)));
    expect(answers.filter(Boolean)).toHaveLength(5);
    // a process that starts later sees the same count
    expect(await new RateLimiter(second).hit(key, 5)).toBe(false);
  });

  it('counts each key apart', async () => {
    const limiter = new RateLimiter(ds);
    const day = 86_400_000;
    const [k1, k2] = [crypto.randomUUID(), crypto.randomUUID()];
    expect(await limiter.hit(k1, 1, day)).toBe(true);
    expect(await limiter.hit(k2, 1, day)).toBe(true);
    expect(await limiter.hit(k1, 1, day)).toBe(false);
  });

  it('starts again in the next window', async () => {
    const limiter = new RateLimiter(ds);
    const key = crypto.randomUUID();
    // windows are whole seconds of the database's clock: hit until one is refused (two hits in one window) ...
    let refused = false;
    for (let i = 0; i < 10 && !refused; i++) refused = !(await limiter.hit(key, 1, 1000));
    expect(refused).toBe(true);
    // ... then, past the window's end, the key is allowed again
    await new Promise((r) => setTimeout(r, 1100));
    expect(await limiter.hit(key, 1, 1000)).toBe(true);
  });

  it('keeps nothing in the process: the counters are rows of the database', async () => {
    const key = `register:ip:${crypto.randomUUID()}`;
    await new RateLimiter(ds).hit(key, 10);
    await new RateLimiter(ds).hit(key, 10);
    const [row] = await ds.query(`SELECT sum(hits)::int AS hits FROM rate_limit_hits WHERE key = $1`, [key]);
    expect(row.hits).toBe(2);
  });
});
