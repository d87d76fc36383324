import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface SessionRow {
  id: string;
  consumer_id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  user_agent: string | null;
}

/** What a request needs to know of its session: live or not, and whether its consumer may take money out. */
export interface SessionState {
  live: boolean;
  frozen: boolean;
  last_used_at: Date | null;
}

/** consumer_sessions (migration Accounts1765600000000). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(s: { id: string; consumerId: string; expiresAt: Date; userAgent: string | null }): Promise<void> {
    await this.ds.query(
      `INSERT INTO consumer_sessions (id, consumer_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)`,
      [s.id, s.consumerId, s.expiresAt, s.userAgent],
    );
  }

  /** One indexed read per session and second (see ConsumerSessionsService.check). */
  async state(sessionId: string, consumerId: string): Promise<SessionState> {
    const rows: SessionState[] = await this.ds.query(
      `SELECT s.ended_at IS NULL AND s.expires_at > now() AND c.closed_at IS NULL AS live,
              c.frozen_at IS NOT NULL AS frozen, s.last_used_at
         FROM consumer_sessions s JOIN consumers c ON c.id = s.consumer_id
        WHERE s.id = $1 AND s.consumer_id = $2`,
      [sessionId, consumerId],
    );
    return rows[0] ?? { live: false, frozen: false, last_used_at: null };
  }

  async touch(sessionId: string): Promise<void> {
    await this.ds.query(`UPDATE consumer_sessions SET last_used_at = now() WHERE id = $1 AND ended_at IS NULL`, [
      sessionId,
    ]);
  }

  async live(consumerId: string): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT id, consumer_id, created_at, last_used_at, expires_at, user_agent FROM consumer_sessions
        WHERE consumer_id = $1 AND ended_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC, id`,
      [consumerId],
    );
  }

  /** Ends one session of the consumer's; false when it has no live one of that id. */
  async end(consumerId: string, sessionId: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH ended AS (
         UPDATE consumer_sessions SET ended_at = now()
          WHERE id = $1 AND consumer_id = $2 AND ended_at IS NULL AND expires_at > now()
          RETURNING id)
       SELECT id FROM ended`,
      [sessionId, consumerId],
    );
    return rows.length > 0;
  }

  /** Ends every live session of the consumer but `keep` (null: all). */
  async endAll(consumerId: string, keep: string | null, em?: EntityManager): Promise<void> {
    await (em ?? this.ds).query(
      `UPDATE consumer_sessions SET ended_at = now()
        WHERE consumer_id = $1 AND ended_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [consumerId, keep],
    );
  }
}
