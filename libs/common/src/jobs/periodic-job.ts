/** What a periodic job does on each round, and how it reports a failed round. */
export interface PeriodicJobSpec {
  name: string;
  /** Pause between the end of one round and the start of the next. */
  everyMs: number;
  /** First round after this pause (default: everyMs). */
  firstAfterMs?: number;
  run: () => Promise<unknown>;
  onError: (err: unknown) => void;
}

/**
 * A job run again and again in this process, never two rounds at once.
 * Rounds are spaced from the end of the previous one (a slow round does not
 * pile up), the timer does not keep the process alive, and stop() waits for
 * the round in flight, so that it finishes while the database is still open.
 * Several processes may each run the same job: jobs are written to be safe
 * at once (SKIP LOCKED, or conditional updates).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly spec: PeriodicJobSpec) {}

  static start(spec: PeriodicJobSpec): PeriodicJob {
    const job = new PeriodicJob(spec);
    job.schedule(spec.firstAfterMs ?? spec.everyMs);
    return job;
  }

  get name(): string {
    return this.spec.name;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.round = this.spec
        .run()
        .then(() => undefined, this.spec.onError)
        .finally(() => {
          this.round = null;
          this.schedule(this.spec.everyMs);
        });
    }, ms);
    this.timer.unref();
  }
}
