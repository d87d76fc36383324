import { Injectable } from '@nestjs/common';
import { rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface IdempotencyRow {
  principal: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: string | null;
  locked_at: Date;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly ds: DataSource) {}

  /** Claim a key (autocommit, so that a concurrent request sees it running at once). undefined: someone has it. */
  async claim(principal: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await this.ds.query(
      `INSERT INTO idempotency_records (principal, key, request_hash, state) VALUES ($1, $2, $3, 'running')
       ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
      [principal, key, requestHash],
    );
    return rows.length === 1;
  }

  /**
   * A request that died (crash, kill -9) leaves its key running; once it is
   * older than any request can take, the next caller takes it over.
   */
  async takeOverStale(principal: string, key: string, requestHash: string, staleSeconds: number): Promise<boolean> {
    const rows = await this.ds.query(
      `UPDATE idempotency_records SET locked_at = now()
        WHERE principal = $1 AND key = $2 AND request_hash = $3 AND state = 'running' AND locked_at < now() - make_interval(secs => $4)
        RETURNING key`,
      [principal, key, requestHash, staleSeconds],
    );
    return rowsOf(rows).length === 1;
  }

  async find(principal: string, key: string): Promise<IdempotencyRow | undefined> {
    const rows: IdempotencyRow[] = await this.ds.query(`SELECT * FROM idempotency_records WHERE principal = $1 AND key = $2`, [principal, key]);
    return rows[0];
  }

  /** Store the response; with `em`, in the same transaction as the money movement. */
  async complete(principal: string, key: string, status: number, body: string, em?: EntityManager): Promise<void> {
    await (em ?? this.ds).query(
      `UPDATE idempotency_records SET state = 'done', response_status = $3, response_body = $4 WHERE principal = $1 AND key = $2`,
      [principal, key, status, body],
    );
  }

  async release(principal: string, key: string): Promise<void> {
    await this.ds.query(`DELETE FROM idempotency_records WHERE principal = $1 AND key = $2 AND state = 'running'`, [principal, key]);
  }

  async purgeOlderThan(hours: number): Promise<number> {
    const rows = await this.ds.query(`DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING key`, [hours]);
    return rowsOf(rows).length;
  }
}
