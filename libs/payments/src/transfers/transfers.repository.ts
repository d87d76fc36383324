import { Injectable } from '@nestjs/common';
import type { TimeIdKey } from '@saoma/common';
import { rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export type TransferStatus = 'pending' | 'completed' | 'returned';

export interface TransferRow {
  id: string;
  sender_id: string;
  recipient_id: string | null;
  amount: string;
  currency: string;
  note: string | null;
  status: TransferStatus;
  entry_id: string;
  settle_entry_id: string | null;
  created_at: Date;
  expires_at: Date;
  settled_at: Date | null;
}

export interface NewTransfer {
  id: string;
  senderId: string;
  recipientId: string | null;
  toPhoneDigest: string | null;
  amount: bigint;
  currency: string;
  note: string | null;
  entryId: string;
  /** How long it may wait for its phone, from the insert's own clock. */
  holdMs: number;
}

const COLUMNS = `id, sender_id, recipient_id, amount::text AS amount, currency, note, status, entry_id,
  settle_entry_id, created_at, expires_at, settled_at`;

/** Transfers between consumers; the rules of the table are in migration Transfers1765710000000. */
@Injectable()
export class TransfersRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(t: NewTransfer, em: EntityManager): Promise<TransferRow> {
    const pending = t.recipientId === null;
    const rows: TransferRow[] = await em.query(
      `INSERT INTO transfers (id, sender_id, recipient_id, to_phone_digest, amount, currency, note, status, entry_id,
                              expires_at, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10 * interval '1 millisecond',
               CASE WHEN $8 = 'completed' THEN now() END)
       RETURNING ${COLUMNS}`,
      [
        t.id,
        t.senderId,
        t.recipientId,
        t.toPhoneDigest,
        t.amount.toString(),
        t.currency,
        t.note,
        pending ? 'pending' : 'completed',
        t.entryId,
        t.holdMs,
      ],
    );
    return rows[0];
  }

  /** The transfer if this consumer sent or received it. */
  async findFor(id: string, consumerId: string): Promise<TransferRow | undefined> {
    const rows: TransferRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM transfers WHERE id = $1 AND (sender_id = $2 OR recipient_id = $2)`,
      [id, consumerId],
    );
    return rows[0];
  }

  /** A consumer's transfers, newest first: sent, received, or both. */
  async listFor(
    consumerId: string,
    role: 'sent' | 'received' | null,
    before: TimeIdKey | null,
    limit: number,
  ): Promise<TransferRow[]> {
    const who =
      role === 'sent'
        ? 'sender_id = $1'
        : role === 'received'
          ? 'recipient_id = $1'
          : '(sender_id = $1 OR recipient_id = $1)';
    return this.ds.query(
      `SELECT ${COLUMNS} FROM transfers
        WHERE ${who} AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [consumerId, before?.createdAt ?? null, before?.id ?? null, limit],
    );
  }

  /** Pending transfers still deliverable to the phone with this digest (ids only; each is locked on its own). */
  async pendingForDigest(digest: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM transfers WHERE to_phone_digest = $1 AND status = 'pending' AND expires_at > now() ORDER BY id`,
      [digest],
    );
    return rows.map((r) => r.id);
  }

  /** Pending transfers past their 7 days, oldest first. */
  async dueForReturn(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM transfers WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The oldest pending transfer's creation: registrations since then may be owed a delivery. */
  async oldestPending(): Promise<Date | null> {
    const rows: Array<{ t: Date | null }> = await this.ds.query(
      `SELECT min(created_at) AS t FROM transfers WHERE status = 'pending'`,
    );
    return rows[0]?.t ?? null;
  }

  /**
   * The pending transfer, locked for this transaction, if it may still be
   * delivered (`deliver`) or returned (`return`) at the database's clock.
   * SKIP LOCKED: another process settling it now wins, and this one moves on.
   */
  async lockPending(id: string, purpose: 'deliver' | 'return', now: Date | null, em: EntityManager) {
    const due = purpose === 'deliver' ? 'expires_at > now()' : 'expires_at <= coalesce($2, now())';
    const rows: Array<TransferRow & { to_phone_digest: string }> = await em.query(
      `SELECT ${COLUMNS}, to_phone_digest FROM transfers
        WHERE id = $1 AND status = 'pending' AND ${due} FOR UPDATE SKIP LOCKED`,
      purpose === 'deliver' ? [id] : [id, now],
    );
    return rows[0];
  }

  async settle(
    id: string,
    outcome: { status: 'completed'; recipientId: string } | { status: 'returned' },
    entryId: string,
    em: EntityManager,
  ): Promise<TransferRow> {
    const rows = rowsOf<TransferRow>(
      await em.query(
        `WITH s AS (
           UPDATE transfers SET status = $2, recipient_id = $3, to_phone_digest = NULL, settle_entry_id = $4,
                                settled_at = now()
            WHERE id = $1 AND status = 'pending' RETURNING *)
         SELECT ${COLUMNS} FROM s`,
        [id, outcome.status, outcome.status === 'completed' ? outcome.recipientId : null, entryId],
      ),
    );
    return rows[0];
  }

  /** Whether the consumer sent transfers that still wait (they block closing the account). */
  async hasPendingFrom(consumerId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM transfers WHERE sender_id = $1 AND status = 'pending' LIMIT 1`,
      [consumerId],
    );
    return rows.length > 0;
  }

  /** Sender and recipient of each transfer (for the counterparties of statement lines). */
  async partiesOf(ids: string[]): Promise<Map<string, { sender_id: string; recipient_id: string | null }>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; sender_id: string; recipient_id: string | null }> = await this.ds.query(
      `SELECT id, sender_id, recipient_id FROM transfers WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
