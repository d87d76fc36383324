import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, JsonLogger, PeriodicJob } from '@saoma/common';
import { LedgerRepository } from './ledger.repository';

/** Accounts per ledger_fold() call; a full batch folds again at once. */
const FOLD_BATCH = 1000;

/**
 * Brings stored balances up to date with the deltas that postings appended
 * (see LedgerFold1765000000000). Nothing depends on it for correctness:
 * every balance read adds the deltas not folded yet. It keeps that set small,
 * so reads stay cheap. Any number of processes may run it (SKIP LOCKED).
 */
@Injectable()
export class LedgerFolder implements OnModuleInit, OnModuleDestroy {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly repo: LedgerRepository,
    // a command-line tool has no AppConfig, and folds nothing
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
    @Optional() private readonly logger?: JsonLogger,
  ) {}

  onModuleInit(): void {
    const everyMs = this.config?.ledgerFoldIntervalMs ?? 0;
    if (!this.config?.periodicJobs || everyMs <= 0) return;
    this.job = PeriodicJob.start({
      name: 'ledger-fold',
      everyMs,
      run: () => this.foldAll(),
      onError: (err) => this.logger?.warn(`ledger fold failed: ${(err as Error).message}`, 'LedgerFolder'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** Fold until less than a batch is left; the number of accounts folded. */
  async foldAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.repo.fold(FOLD_BATCH);
      total += n;
      if (n < FOLD_BATCH) return total;
    }
  }
}
