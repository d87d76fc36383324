import { Injectable } from '@nestjs/common';
import { rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export type ChargeStatus = 'succeeded' | 'awaiting_consumer' | 'declined' | 'expired';

export interface ChargeRow {
  id: string;
  merchant_id: string;
  consumer_id: string;
  pack_id: string;
  handle: string;
  currency: string;
  amount: string;
  reference: string | null;
  status: ChargeStatus;
  pin_confirmed: boolean;
  payment_id: string | null;
  created_at: Date;
  expires_at: Date | null;
  closed_at: Date | null;
}

/** A charge as the merchant sees it: with its payment's amounts and the payer's pseudonym once paid. */
export interface MerchantChargeRow extends ChargeRow {
  discount: string | null;
  charged: string | null;
  payer: string | null;
}

/** A handle, its pack and whether either can still be used. */
export interface HandleRow {
  handle: string;
  pack_id: string;
  consumer_id: string;
  key_blob: Buffer;
  used: boolean;
  /** The pack is not deleted or expired, its phone's session not ended, its consumer's account not closed. */
  live: boolean;
  frozen: boolean;
}

export interface NewCharge {
  id: string;
  merchantId: string;
  consumerId: string;
  packId: string;
  handle: string;
  currency: string;
  amount: bigint;
  reference: string | null;
}

/** Charges of payment codes; the SQL functions are in migration Charges1765500000000. */
@Injectable()
export class ChargesRepository {
  constructor(private readonly ds: DataSource) {}

  async findHandle(handle: string): Promise<HandleRow | undefined> {
    const rows: HandleRow[] = await this.ds.query(
      `SELECT h.handle, h.pack_id, p.consumer_id, p.key_blob, h.used_at IS NOT NULL AS used,
              p.deleted_at IS NULL AND p.expires_at > clock_timestamp() AND c.closed_at IS NULL
                AND (s.id IS NULL OR (s.ended_at IS NULL AND s.expires_at > clock_timestamp())) AS live,
              c.frozen_at IS NOT NULL AS frozen
         FROM payment_code_handles h
         JOIN payment_code_packs p ON p.id = h.pack_id
         JOIN consumers c ON c.id = p.consumer_id
         LEFT JOIN consumer_sessions s ON s.id = p.session_id
        WHERE h.handle = $1`,
      [handle],
    );
    return rows[0];
  }

  /** In the payment's transaction: the pack checked and locked, the day's cap, the handle used, the charge written. */
  async recordPaid(
    em: EntityManager,
    c: NewCharge,
    payment: { id: string; createdAt: Date },
    dayCap: bigint,
  ): Promise<void> {
    await em.query(`SELECT charges_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      c.id,
      c.merchantId,
      c.consumerId,
      c.packId,
      c.handle,
      c.currency,
      c.amount.toString(),
      c.reference,
      payment.id,
      dayCap.toString(),
      payment.createdAt,
    ]);
  }

  /** A charge that waits for the consumer's PIN: the handle is used, no money moves. */
  async recordAwaiting(em: EntityManager, c: NewCharge, waitSeconds: number): Promise<ChargeRow> {
    const rows: ChargeRow[] = await em.query(
      `SELECT * FROM charges_await($1, $2, $3, $4, $5, $6, $7, $8, make_interval(secs => $9))`,
      [c.id, c.merchantId, c.consumerId, c.packId, c.handle, c.currency, c.amount.toString(), c.reference, waitSeconds],
    );
    return rows[0];
  }

  /** In the payment's transaction: the waiting charge becomes this payment's. */
  async confirm(em: EntityManager, id: string, consumerId: string, paymentId: string): Promise<void> {
    await em.query(`SELECT charges_confirm($1, $2, $3)`, [id, consumerId, paymentId]);
  }

  async decline(id: string, consumerId: string): Promise<ChargeRow | undefined> {
    const rows: ChargeRow[] = await this.ds.query(
      `WITH declined AS (
         UPDATE charges SET status = 'declined', closed_at = clock_timestamp()
          WHERE id = $1 AND consumer_id = $2 AND status = 'awaiting_consumer' AND expires_at > clock_timestamp()
          RETURNING *
       )
       SELECT * FROM declined`,
      [id, consumerId],
    );
    return rows[0];
  }

  /** Waiting charges whose time is up become expired; any number of processes may sweep at once. */
  async expireDue(limit = 1000): Promise<number> {
    const rows = await this.ds.query(
      `WITH expired AS (
         UPDATE charges SET status = 'expired', closed_at = expires_at
          WHERE id IN (SELECT id FROM charges WHERE status = 'awaiting_consumer' AND expires_at <= clock_timestamp()
                        ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id
       )
       SELECT count(*)::int AS n FROM expired`,
      [limit],
    );
    return rowsOf<{ n: number }>(rows)[0]?.n ?? 0;
  }

  /** One charge of the consumer's, an expired wait shown as expired. */
  async findForConsumer(id: string, consumerId: string): Promise<ChargeRow | undefined> {
    const rows: ChargeRow[] = await this.ds.query(`${CHARGE_AS_IT_STANDS} WHERE c.id = $1 AND c.consumer_id = $2`, [
      id,
      consumerId,
    ]);
    return rows[0];
  }

  async findForMerchant(id: string, merchantId: string): Promise<MerchantChargeRow | undefined> {
    const rows: MerchantChargeRow[] = await this.ds.query(
      `SELECT c.*, p.discount::text AS discount, p.charged::text AS charged, p.payer
         FROM (${CHARGE_AS_IT_STANDS} WHERE c.id = $1 AND c.merchant_id = $2) c
         LEFT JOIN payments p ON p.id = c.payment_id`,
      [id, merchantId],
    );
    return rows[0];
  }

  /** The consumer's charges that wait for it, oldest first, with the merchant's name. */
  async awaitingFor(consumerId: string): Promise<Array<ChargeRow & { merchant_name: string }>> {
    return this.ds.query(
      `SELECT c.*, m.name AS merchant_name FROM charges c JOIN merchants m ON m.id = c.merchant_id
        WHERE c.consumer_id = $1 AND c.status = 'awaiting_consumer' AND c.expires_at > clock_timestamp()
        ORDER BY c.created_at, c.id`,
      [consumerId],
    );
  }
}

/** A waiting charge past its time reads as expired before the sweep has written it. */
const CHARGE_AS_IT_STANDS = `
  SELECT c.id, c.merchant_id, c.consumer_id, c.pack_id, c.handle, c.currency, c.amount::text AS amount, c.reference,
         CASE WHEN c.status = 'awaiting_consumer' AND c.expires_at <= clock_timestamp() THEN 'expired' ELSE c.status END AS status,
         c.pin_confirmed, c.payment_id, c.created_at, c.expires_at,
         CASE WHEN c.status = 'awaiting_consumer' AND c.expires_at <= clock_timestamp() THEN c.expires_at ELSE c.closed_at END AS closed_at
    FROM charges c`;
