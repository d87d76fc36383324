import { Injectable } from '@nestjs/common';
import type { TimeIdKey } from '@saoma/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EnvelopeSplit } from './red-envelope-shares';

export type EnvelopeStatus = 'open' | 'emptied' | 'expired';

export interface EnvelopeRow {
  id: string;
  sender_id: string;
  code: string;
  total: string;
  currency: string;
  count: number;
  split: EnvelopeSplit;
  message: string | null;
  status: EnvelopeStatus;
  claimed: number;
  returned_amount: string | null;
  created_at: Date;
  expires_at: Date;
  /** The unclaimed shares' sum (what a return would send back). */
  unclaimed: string;
}

export interface ClaimRow {
  claimed_by: string;
  amount: string;
  claimed_at: Date;
}

/** The envelope as a claim finds it, locked. */
export interface LockedEnvelope {
  id: string;
  sender_id: string;
  currency: string;
  count: number;
  claimed: number;
  expired: boolean;
  mine: boolean;
}

const COLUMNS = `e.id, e.sender_id, e.code, e.total::text AS total, e.currency, e.count, e.split, e.message, e.status,
  e.claimed, e.returned_amount::text AS returned_amount, e.created_at, e.expires_at,
  (SELECT coalesce(sum(s.amount), 0) FROM red_envelope_shares s
    WHERE s.envelope_id = e.id AND s.claimed_by IS NULL AND e.return_entry_id IS NULL)::text AS unclaimed`;

/** Red envelopes and their shares; the rules of the tables are in migration RedEnvelopes1765720000000. */
@Injectable()
export class RedEnvelopesRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    e: {
      id: string;
      senderId: string;
      code: string;
      total: bigint;
      currency: string;
      split: EnvelopeSplit;
      message: string | null;
      entryId: string;
      lifetimeMs: number;
      shares: bigint[];
    },
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO red_envelopes (id, sender_id, code, total, currency, count, split, message, entry_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10 * interval '1 millisecond')`,
      [
        e.id,
        e.senderId,
        e.code,
        e.total.toString(),
        e.currency,
        e.shares.length,
        e.split,
        e.message,
        e.entryId,
        e.lifetimeMs,
      ],
    );
    await em.query(
      `INSERT INTO red_envelope_shares (envelope_id, position, amount)
       SELECT $1, p - 1, a FROM unnest($2::bigint[]) WITH ORDINALITY AS s(a, p)`,
      [e.id, e.shares.map(String)],
    );
  }

  async find(id: string, em?: EntityManager): Promise<EnvelopeRow | undefined> {
    const rows: EnvelopeRow[] = await (em ?? this.ds).query(`SELECT ${COLUMNS} FROM red_envelopes e WHERE e.id = $1`, [
      id,
    ]);
    return rows[0];
  }

  async claimsOf(id: string): Promise<ClaimRow[]> {
    return this.ds.query(
      `SELECT claimed_by, amount::text AS amount, claimed_at FROM red_envelope_shares
        WHERE envelope_id = $1 AND claimed_by IS NOT NULL ORDER BY claimed_at, position`,
      [id],
    );
  }

  /** Whether the consumer sent this envelope or claimed from it. */
  async isParty(id: string, consumerId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM red_envelopes WHERE id = $1 AND sender_id = $2
       UNION ALL SELECT 1 FROM red_envelope_shares WHERE envelope_id = $1 AND claimed_by = $2 LIMIT 1`,
      [id, consumerId],
    );
    return rows.length > 0;
  }

  /**
   * The envelope this code names, locked for the claim's transaction: every
   * claim of one envelope waits for the one before it, so shares are taken
   * one at a time in order (a row per envelope, never one all claims share).
   */
  async lockByCode(code: string, consumerId: string, em: EntityManager): Promise<LockedEnvelope | undefined> {
    const rows: LockedEnvelope[] = await em.query(
      `SELECT e.id, e.sender_id, e.currency, e.count, e.claimed,
              (e.status = 'expired' OR e.expires_at <= now()) AS expired,
              EXISTS (SELECT 1 FROM red_envelope_shares s WHERE s.envelope_id = e.id AND s.claimed_by = $2) AS mine
         FROM red_envelopes e WHERE e.code = $1 FOR UPDATE OF e`,
      [code, consumerId],
    );
    return rows[0];
  }

  /** The next share's amount (position = claims so far). */
  async shareAt(id: string, position: number, em: EntityManager): Promise<string> {
    const rows: Array<{ amount: string }> = await em.query(
      `SELECT amount::text AS amount FROM red_envelope_shares WHERE envelope_id = $1 AND position = $2`,
      [id, position],
    );
    return rows[0].amount;
  }

  async recordClaim(
    id: string,
    position: number,
    consumerId: string,
    entryId: string,
    em: EntityManager,
  ): Promise<Date> {
    const rows: Array<{ claimed_at: Date }> = await em.query(
      `WITH s AS (
         UPDATE red_envelope_shares SET claimed_by = $3, claimed_at = now(), entry_id = $4
          WHERE envelope_id = $1 AND position = $2 AND claimed_by IS NULL RETURNING claimed_at),
       e AS (
         UPDATE red_envelopes SET claimed = claimed + 1,
                status = CASE WHEN claimed + 1 = count THEN 'emptied' ELSE status END
          WHERE id = $1 RETURNING id)
       SELECT s.claimed_at FROM s, e`,
      [id, position, consumerId, entryId],
    );
    return rows[0].claimed_at;
  }

  /** Open envelopes past their expiry, oldest first (ids only: each is locked on its own). */
  async dueForReturn(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM red_envelopes WHERE status = 'open' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The open envelope, locked, if it has expired by `now` (the database's
   * clock when null). SKIP LOCKED: a claim or another process's return
   * holding it goes first; the next round looks again.
   */
  async lockExpired(
    id: string,
    now: Date | null,
    em: EntityManager,
  ): Promise<{ id: string; sender_id: string; currency: string; unclaimed: string } | undefined> {
    const rows: Array<{ id: string; sender_id: string; currency: string; unclaimed: string }> = await em.query(
      `SELECT e.id, e.sender_id, e.currency,
              (SELECT coalesce(sum(amount), 0) FROM red_envelope_shares s WHERE s.envelope_id = e.id AND s.claimed_by IS NULL)::text AS unclaimed
         FROM red_envelopes e
        WHERE e.id = $1 AND e.status = 'open' AND e.expires_at <= coalesce($2, now())
          FOR UPDATE OF e SKIP LOCKED`,
      [id, now],
    );
    return rows[0];
  }

  async markReturned(id: string, entryId: string | null, amount: bigint, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE red_envelopes SET status = 'expired', return_entry_id = $2, returned_amount = $3 WHERE id = $1`,
      [id, entryId, entryId ? amount.toString() : null],
    );
  }

  /** A consumer's envelopes, newest first: sent, or claimed from (with the claim's amount and time). */
  async listFor(
    consumerId: string,
    role: 'sent' | 'received',
    before: TimeIdKey | null,
    limit: number,
  ): Promise<Array<EnvelopeRow & { my_amount: string | null }>> {
    const mine =
      role === 'sent'
        ? `e.sender_id = $1`
        : `EXISTS (SELECT 1 FROM red_envelope_shares s WHERE s.envelope_id = e.id AND s.claimed_by = $1)`;
    return this.ds.query(
      `SELECT ${COLUMNS},
              (SELECT amount::text FROM red_envelope_shares s WHERE s.envelope_id = e.id AND s.claimed_by = $1) AS my_amount
         FROM red_envelopes e
        WHERE ${mine} AND ($2::timestamptz IS NULL OR (e.created_at, e.id) < ($2, $3::uuid))
        ORDER BY e.created_at DESC, e.id DESC LIMIT $4`,
      [consumerId, before?.createdAt ?? null, before?.id ?? null, limit],
    );
  }

  /** Whether the consumer sent an envelope that is still open (closing the account waits for its return). */
  async hasOpenFrom(consumerId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM red_envelopes WHERE sender_id = $1 AND status = 'open' LIMIT 1`,
      [consumerId],
    );
    return rows.length > 0;
  }
}
