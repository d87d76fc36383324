import type { DataSource, EntityManager } from 'typeorm';
import { isRetryable } from './pg-errors';

export interface TransactionOptions {
  /** Attempts in all, first one included. */
  attempts?: number;
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * Run `work` in one transaction; serialization failures and deadlocks
 * (40001, 40P01) run it again from the start, a bounded number of times, with
 * a small random backoff so that the contenders do not collide again.
 */
export function inTransaction<T>(
  ds: DataSource,
  work: (em: EntityManager) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  // READ COMMITTED is the server's default: naming it would cost a round trip per transaction
  return withRetry(
    () =>
      opts.isolation && opts.isolation !== 'READ COMMITTED'
        ? ds.transaction(opts.isolation, work)
        : ds.transaction(work),
    opts.attempts,
  );
}

/** `run` (a whole transaction, or one autocommit statement) again on 40001 and 40P01, a bounded number of times. */
export async function withRetry<T>(run: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isRetryable(err) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/**
 * Runs the transactional part of a unit of work. A service does its reads
 * and checks first, then calls this once with the writes; the caller (e.g.
 * the idempotency layer) decides what else commits in the same transaction.
 * Inside `fn` use only `em`: a second connection from the pool while this
 * one is held can exhaust the pool under load.
 */
export type TxRunner = <R>(fn: (em: EntityManager) => Promise<R>) => Promise<R>;

export function plainTx(ds: DataSource): TxRunner {
  return (fn) => inTransaction(ds, fn);
}
