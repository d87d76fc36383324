import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, DomainError, JsonLogger } from '@saoma/common';
import { inTransaction, type TxRunner } from '@saoma/database';
import { DataSource } from 'typeorm';
import { IdempotencyError, StoredResponse } from './idempotency-error';
import { IdempotencyRepository } from './idempotency.repository';

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

const STALE_SECONDS = 120;

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
 * The one implementation of Idempotency-Key for every money request.
 *  - claim the key (its own tiny transaction, so that a second request with
 *    the key sees it running and gets 409 at once);
 *  - run the work in one transaction whose last statement stores the
 *    response: the ledger entry and the record commit together or not at all;
 *  - a refusal (a coded domain error) is stored too, in its own transaction
 *    after the rollback, so that it replays as refused;
 *  - anything else (a crash, a 500) releases the key for a retry.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;
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
    this.purgeTimer = setInterval(() => void this.purge(), 3600_000);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
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
   * Run `work` once per key. `work` does its checks, then calls the runner it
   * is given with its writes; the response (`present` of the result) is
   * stored by the last statement of that same transaction.
   */
  async run<T, B>(req: IdempotentRequest, status: number, work: (tx: TxRunner) => Promise<T>, present: (result: T) => B): Promise<B> {
    const key = req.key;
    if (key === undefined || key === '') throw new IdempotencyError('idempotency_key_required', 'Send an Idempotency-Key header with this request.');
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) throw new IdempotencyError('invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
    const hash = crypto.createHash('sha256').update(canonicalJson({ method: req.method, path: req.path, body: req.body ?? null })).digest('hex');

    if (!(await this.repo.claim(req.principal, key, hash))) {
      const existing = await this.repo.find(req.principal, key);
      if (!existing) return this.run(req, status, work, present); // purged in between: claim again
      if (existing.request_hash !== hash) {
        throw new IdempotencyError('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
      }
      if (existing.state === 'done') throw new StoredResponse(existing.response_status!, existing.response_body!);
      if (!(await this.repo.takeOverStale(req.principal, key, hash, STALE_SECONDS))) {
        throw new IdempotencyError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed.');
      }
    }

    let body: B | undefined;
    let ran = false;
    const tx: TxRunner = (fn) => {
      if (ran) throw new Error('the transaction runner of an idempotent request runs once');
      ran = true;
      return inTransaction(this.ds, async (em) => {
        const result = await fn(em);
        body = present(result as unknown as T);
        await this.repo.complete(req.principal, key, status, JSON.stringify(body), em);
        return result;
      });
    };
    try {
      const result = await work(tx);
      if (!ran) throw new Error('an idempotent request must write through its transaction runner');
      return body ?? present(result);
    } catch (err) {
      const rendered = err instanceof DomainError ? this.renderError(err) : null;
      if (rendered && rendered.status < 500) {
        await this.repo.complete(req.principal, key, rendered.status, rendered.body);
      } else {
        await this.repo.release(req.principal, key).catch(() => undefined);
      }
      throw err;
    }
  }
}
