import { PeriodicJob } from './periodic-job';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicJob', () => {
  it('runs rounds one after another, never two at once, and keeps going after a failed round', async () => {
    let running = 0;
    let overlap = false;
    let rounds = 0;
    const errors: unknown[] = [];
    const job = PeriodicJob.start({
      name: 't',
      everyMs: 1,
      firstAfterMs: 0,
      run: async () => {
        running++;
        if (running > 1) overlap = true;
        rounds++;
        await sleep(5);
        running--;
        if (rounds === 2) throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    await sleep(80);
    await job.stop();
    expect(overlap).toBe(false);
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(errors).toHaveLength(1);
  });

  it('stop waits for the round in flight and starts no other', async () => {
    let finished = false;
    let started = 0;
    const job = PeriodicJob.start({
      name: 't',
      everyMs: 1,
      firstAfterMs: 0,
      run: async () => {
        started++;
        await sleep(30);
        finished = true;
      },
      onError: () => undefined,
    });
    await sleep(10);
    await job.stop();
    expect(finished).toBe(true);
    const after = started;
    await sleep(20);
    expect(started).toBe(after);
  });
});
