import { Injectable } from '@nestjs/common';
import { rowsOf } from '@saoma/database';
import { DataSource } from 'typeorm';

/** An event claimed for delivery, with its merchant's current URL. */
export interface ClaimedEventRow {
  id: string;
  merchant_id: string;
  type: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
  webhook_url: string | null;
  /** The merchant's webhook secret, sealed (null until it has one), and the previous one while it still signs. */
  webhook_secret: Buffer | null;
  previous_webhook_secret: Buffer | null;
  /** The instant of the claim: the `now` given, else the database clock. */
  claimed_at: Date;
}

export interface DeliveryLogRow {
  id: string;
  type: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date;
  delivered_at: Date | null;
  gave_up_at: Date | null;
}

/** UPDATE ... RETURNING through TypeORM's `query` gives `[rows, count]`. */
/** All webhook_events SQL of the dispatcher and the delivery log. */
@Injectable()
export class WebhookEventsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Claim up to `limit` due events: lock them (SKIP LOCKED, so that workers in
   * other processes take other rows) and push their next_attempt_at past the
   * lease, in one statement, so that no transaction stays open during the HTTP
   * calls. A worker that dies before it records the outcome leaves the event
   * due again when the lease ends: it is delivered again (at least once).
   */
  async claimDue(now: Date | null, limit: number, leaseSeconds: number): Promise<ClaimedEventRow[]> {
    return this.ds.query(
      `WITH t AS (SELECT coalesce($1::timestamptz, now()) AS now),
       due AS (
         SELECT e.id FROM webhook_events e, t
          WHERE e.delivered_at IS NULL AND e.gave_up_at IS NULL AND e.next_attempt_at <= t.now
          ORDER BY e.next_attempt_at
          LIMIT $2
          FOR UPDATE OF e SKIP LOCKED
       ),
       claimed AS (
         UPDATE webhook_events e SET next_attempt_at = t.now + make_interval(secs => $3)
           FROM due, t
          WHERE e.id = due.id
          RETURNING e.id, e.merchant_id, e.type, e.payload, e.created_at, e.attempts, t.now AS claimed_at
       )
       SELECT c.*, m.webhook_url, s.secret AS webhook_secret,
              CASE WHEN s.previous_until > c.claimed_at THEN s.previous_secret END AS previous_webhook_secret
         FROM claimed c JOIN merchants m ON m.id = c.merchant_id
         LEFT JOIN merchant_webhook_secrets s ON s.merchant_id = c.merchant_id
        ORDER BY c.created_at, c.id`,
      [now, limit, leaseSeconds],
    );
  }

  /** 2xx: delivered (a delivery recorded by another worker is kept). */
  async markDelivered(id: string, at: Date, status: number): Promise<boolean> {
    const r = await this.ds.query(
      `UPDATE webhook_events
          SET delivered_at = $2, attempts = attempts + 1, last_status = $3, last_error = NULL, gave_up_at = NULL
        WHERE id = $1 AND delivered_at IS NULL
        RETURNING id`,
      [id, at, status],
    );
    return rowsOf(r).length === 1;
  }

  /**
   * A failed attempt: counted, with its status (0: no HTTP answer) and error,
   * and either the next attempt or, past the deadline, gave_up_at. Only if no
   * other worker recorded an outcome since our claim (`attempts` unchanged).
   */
  async markFailed(
    id: string,
    claimedAttempts: number,
    f: { at: Date; status: number; error: string; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const r = await this.ds.query(
      `UPDATE webhook_events
          SET attempts = attempts + 1, last_status = $3, last_error = $4,
              next_attempt_at = coalesce($5, next_attempt_at),
              gave_up_at = CASE WHEN $5::timestamptz IS NULL THEN $6::timestamptz END
        WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND gave_up_at IS NULL
        RETURNING id`,
      [id, claimedAttempts, f.status, f.error.slice(0, 500), f.nextAttemptAt, f.at],
    );
    return rowsOf(r).length === 1;
  }

  /**
   * The merchant has no webhook URL: nothing was sent, nothing is counted; the
   * event waits and is looked at again at `nextAttemptAt` (or, past the
   * deadline, is given up).
   */
  async markWaiting(
    id: string,
    claimedAttempts: number,
    w: { at: Date; reason: string; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const r = await this.ds.query(
      `UPDATE webhook_events
          SET last_error = $3,
              next_attempt_at = coalesce($4, next_attempt_at),
              gave_up_at = CASE WHEN $4::timestamptz IS NULL THEN $5::timestamptz END
        WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND gave_up_at IS NULL
        RETURNING id`,
      [id, claimedAttempts, w.reason, w.nextAttemptAt, w.at],
    );
    return rowsOf(r).length === 1;
  }

  /** True when `id` is one of this merchant's events. */
  async existsForMerchant(merchantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM webhook_events WHERE id = $1 AND merchant_id = $2`, [
      id,
      merchantId,
    ]);
    return rows.length === 1;
  }

  /**
   * One merchant's events, newest first; with `afterId`, those after that
   * event in this order (compared in SQL, at full timestamp precision).
   */
  async listForMerchant(merchantId: string, afterId: string | null, limit: number): Promise<DeliveryLogRow[]> {
    return this.ds.query(
      `SELECT id, type, attempts, last_status, last_error, created_at, next_attempt_at, delivered_at, gave_up_at
         FROM webhook_events
        WHERE merchant_id = $1
          AND ($2::uuid IS NULL
               OR (created_at, id) < (SELECT c.created_at, c.id FROM webhook_events c WHERE c.id = $2::uuid AND c.merchant_id = $1))
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [merchantId, afterId, limit],
    );
  }
}
