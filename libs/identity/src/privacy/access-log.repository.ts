import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AccessLogRow {
  id: string;
  consumer_id: string;
  operator_id: string;
  operator_role: 'admin' | 'finance';
  purpose: string;
  at: Date;
  /** `at` in microseconds, UTC, for cursors (a JS Date keeps milliseconds only). */
  at_key: string;
}

const COLUMNS = `id, consumer_id, operator_id, operator_role, purpose, at,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key`;

/**
 * SQL for staff_access_log. Only INSERT and SELECT: the table is append-only
 * and the database refuses UPDATE, DELETE and TRUNCATE on it.
 */
@Injectable()
export class AccessLogRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    r: { consumerId: string; operatorId: string; operatorRole: 'admin' | 'finance'; purpose: string },
    em?: EntityManager,
  ): Promise<AccessLogRow> {
    const rows: AccessLogRow[] = await (em ?? this.ds).query(
      `INSERT INTO staff_access_log (consumer_id, operator_id, operator_role, purpose) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [r.consumerId, r.operatorId, r.operatorRole, r.purpose],
    );
    return rows[0];
  }

  /** One consumer's rows, newest first, strictly after the cursor position (at, id) when given. */
  async pageForConsumer(
    consumerId: string,
    before: { atKey: string; id: string } | null,
    limit: number,
  ): Promise<AccessLogRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM staff_access_log
        WHERE consumer_id = $1
          AND ($2::timestamptz IS NULL OR (at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $4`,
      [consumerId, before?.atKey ?? null, before?.id ?? null, limit],
    );
  }

  /** Every row of one consumer, newest first (the export). */
  async allForConsumer(consumerId: string): Promise<AccessLogRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM staff_access_log WHERE consumer_id = $1 ORDER BY at DESC, id DESC`, [
      consumerId,
    ]);
  }
}
