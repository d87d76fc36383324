import { Injectable } from '@nestjs/common';
import { preparedQuery, rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

/** What idempotency_claim() found: the key in use by an open transaction, or the record stored under it (state null: none). */
export interface ClaimRow {
  in_use: boolean;
  request_hash: string | null;
  state: 'running' | 'done' | null;
  response_status: number | null;
  response_body: string | null;
}

/** The response to store under a key, in the transaction of the work it answers. */
export interface IdempotencyRecord {
  principal: string;
  key: string;
  requestHash: string;
  status: number;
  body: string;
}

/** The arguments of idempotency_store(), in its order (also for a caller's own one-statement SQL). */
export function recordArgs(r: IdempotencyRecord): unknown[] {
  return [r.principal, r.key, r.requestHash, r.status, r.body];
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly ds: DataSource) {}

  /** The key's advisory lock for this transaction, and its record if there is one (see IdempotencyInTransaction1765050000000). */
  async claim(principal: string, key: string, em: EntityManager): Promise<ClaimRow> {
    const rows = await preparedQuery<ClaimRow>(em, 'idempotency_claim', `SELECT * FROM idempotency_claim($1, $2)`, [
      principal,
      key,
    ]);
    return rows[0];
  }

  /** The response, as a row of the caller's transaction; false when the key holds a record already. */
  async store(r: IdempotencyRecord, em: EntityManager): Promise<boolean> {
    const rows = await preparedQuery<{ stored: boolean }>(
      em,
      'idempotency_store',
      `SELECT idempotency_store($1, $2, $3, $4, $5) AS stored`,
      recordArgs(r),
    );
    return rows[0].stored;
  }

  /**
   * Store a refusal after its transaction's rollback, unless the key was
   * answered meanwhile (then what it holds). It waits for the key: the
   * failed transaction may still hold it for a moment, and a duplicate
   * request in flight is awaited and replayed.
   */
  async storeRefusal(r: IdempotencyRecord): Promise<ClaimRow & { stored: boolean | null }> {
    const rows = await preparedQuery<ClaimRow & { stored: boolean | null }>(
      this.ds,
      'idempotency_store_refusal',
      `SELECT * FROM idempotency_record($1, $2, $3, $4, $5, true)`,
      recordArgs(r),
    );
    return rows[0];
  }

  /** The answer stored under the key, if any (no lock: a look before work that could not replay by itself). */
  async stored(principal: string, key: string): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] = await this.ds.query(
      `SELECT false AS in_use, request_hash, state, response_status, response_body
         FROM idempotency_records WHERE principal = $1 AND key = $2 AND state = 'done'`,
      [principal, key],
    );
    return rows[0];
  }

  async purgeOlderThan(hours: number): Promise<number> {
    const rows = await this.ds.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING key`,
      [hours],
    );
    return rowsOf(rows).length;
  }
}
