import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, DomainError, JsonLogger, PeriodicJob } from '@saoma/common';
import { inTransaction, type TxRunner } from '@saoma/database';
import { DataSource } from 'typeorm';
import { IdempotencyError, StoredResponse } from './idempotency-error';
import { type ClaimRow, type IdempotencyRecord, IdempotencyRepository } from './idempotency.repository';

export interface IdempotentRequest {
  /** Scope: the principal ("consumer:<id>", "merchant:<id>", "operator:<id>"). */
  principal: string;
  key: string | undefined;
  method: string;
  /** The route as called, e.g. /v1/topups. */
  path: string;
  body: unknown;
}

export interface Outcome {
  status: number;
  body: unknown;
}

/** Renders a domain error as the HTTP response the client would get (the app's problem mapper). */
export type ErrorRenderer = (err: unknown) => { status: number; body: string } | null;

/** JSON with sorted keys, so that {a,b} and {b,a} are the same request. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/**
 * Thrown by a unit of work that wrote its own one-statement SQL with the
 * record (payments_pay): the key was in use, or answered before.
 */
export class KeyAnswered extends Error {
  constructor(readonly claim: ClaimRow) {
    super('idempotency key already in use or answered');
  }
}

export interface RunOptions {
  /**
   * Look for a stored answer before the work: for work whose checks would
   * refuse a repeat before reaching the key (a charge's handle, used by the
   * first try, would answer 409 instead of the first try's response).
   */
  replayFirst?: boolean;
}

/** The work's transaction runner, and the record to write when it writes its own one statement. */
export type IdempotentWork<T> = (tx: TxRunner, record: (result: T) => IdempotencyRecord) => Promise<T>;

/**
 * The one implementation of Idempotency-Key for every money request. The
 * record is a row of the work's own transaction, so the money moves and the
 * response is kept together or not at all, with one commit:
 *  - the transaction first takes the key (idempotency_claim: an advisory
 *    lock on the key, so a second request with it while the first runs gets
 *    409 at once) and replays a stored response instead of working;
 *  - its last statement stores the response;
 *  - a hot path writes all of it in one statement of its own instead, with
 *    `record(result)` (the response is known before the statement), and
 *    throws KeyAnswered when the database says the key was taken;
 *  - a refusal (a coded domain error) is stored on its own after the
 *    rollback, so that it replays as refused; anything else (a crash, a
 *    500) leaves no record, and a retry runs the request again.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private purgeJob?: PeriodicJob;
  private renderError: ErrorRenderer = () => null;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  /** The HTTP layer tells how errors look on the wire (status and problem body). */
  useErrorRenderer(render: ErrorRenderer): void {
    this.renderError = render;
  }

  onModuleInit(): void {
    if (!this.config.periodicJobs) return;
    this.purgeJob = PeriodicJob.start({
      name: 'idempotency-purge',
      everyMs: 3600_000,
      run: () => this.purge(),
      onError: () => undefined, // purge() logs its own failures
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.purgeJob?.stop();
  }

  async purge(): Promise<number> {
    try {
      return await this.repo.purgeOlderThan(this.config.idempotencyRetentionHours);
    } catch (err) {
      this.logger.warn(`idempotency purge failed: ${(err as Error).message}`, 'Idempotency');
      return 0;
    }
  }

  /**
   * Run `work` once per key. `work` does its checks, then writes either
   * through the transaction runner it is given (the response, `present` of
   * the result, is stored by the last statement of that transaction) or in
   * one statement of its own with `record(result)`.
   */
  async run<T, B>(
    req: IdempotentRequest,
    status: number | ((result: T) => number),
    work: IdempotentWork<T>,
    present: (result: T) => B,
    opts: RunOptions = {},
  ): Promise<B> {
    const key = req.key;
    if (key === undefined || key === '')
      throw new IdempotencyError('idempotency_key_required', 'Send an Idempotency-Key header with this request.');
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
      throw new IdempotencyError(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1 to 255 visible ASCII characters.',
      );
    const requestHash = crypto
      .createHash('sha256')
      .update(canonicalJson({ method: req.method, path: req.path, body: req.body ?? null }))
      .digest('hex');
    const statusOf = (result: T): number => (typeof status === 'function' ? status(result) : status);
    const recordOf = (result: T): IdempotencyRecord => ({
      principal: req.principal,
      key,
      requestHash,
      status: statusOf(result),
      body: JSON.stringify(present(result)),
    });

    if (opts.replayFirst) {
      const answered = await this.repo.stored(req.principal, key);
      if (answered) this.answer(answered, requestHash);
    }

    let body: B | undefined;
    let wrote: 'tx' | 'record' | null = null;
    // a one-statement write that the database refused (its record went with it) may give way to a transaction
    const tx: TxRunner = (fn) => {
      if (wrote === 'tx') throw new Error('an idempotent request writes once');
      wrote = 'tx';
      return inTransaction(this.ds, async (em) => {
        const claim = await this.repo.claim(req.principal, key, em);
        if (claim.in_use || claim.state !== null) throw new KeyAnswered(claim);
        const result = await fn(em);
        body = present(result as unknown as T);
        if (
          !(await this.repo.store(
            {
              principal: req.principal,
              key,
              requestHash,
              status: statusOf(result as unknown as T),
              body: JSON.stringify(body),
            },
            em,
          ))
        ) {
          throw new Error(`idempotency key ${key} was stored by another transaction while this one held it`);
        }
        return result;
      });
    };
    // a statement that is refused (a promotion's budget spent) may be tried again with another result
    const record = (result: T): IdempotencyRecord => {
      if (wrote === 'tx') throw new Error('an idempotent request writes once');
      wrote = 'record';
      return recordOf(result);
    };
    try {
      const result = await work(tx, record);
      if (!wrote) throw new Error('an idempotent request must write through its transaction runner or its record');
      return body ?? present(result);
    } catch (err) {
      if (err instanceof KeyAnswered) return this.answer(err.claim, requestHash);
      const rendered = err instanceof DomainError ? this.renderError(err) : null;
      if (rendered && rendered.status < 500) {
        const claim = await this.repo.storeRefusal({
          principal: req.principal,
          key,
          requestHash,
          status: rendered.status,
          body: rendered.body,
        });
        if (!claim.stored) return this.answer(claim, requestHash);
      }
      throw err;
    }
  }

  /** What a request gets for a key that was in use or answered: 409, 422, or the stored response. */
  private answer(claim: ClaimRow, requestHash: string): never {
    if (claim.in_use || claim.state !== 'done') {
      throw new IdempotencyError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still being processed.',
      );
    }
    if (claim.request_hash !== requestHash) {
      throw new IdempotencyError('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
    }
    throw new StoredResponse(claim.response_status!, claim.response_body!);
  }
}
