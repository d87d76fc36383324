import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PackRow {
  id: string;
  device_name: string | null;
  expires_at: Date;
  handles_left: number;
}

/** The packs of payment codes and their handles. */
@Injectable()
export class PaymentCodesRepository {
  constructor(private readonly ds: DataSource) {}

  /** A pack and its handles, in one transaction; false when a handle was already taken (draw again). */
  async insertPack(
    pack: {
      id: string;
      consumerId: string;
      sessionId: string | null;
      deviceName: string | null;
      keyBlob: Buffer;
      expiresAt: Date;
    },
    handles: string[],
  ): Promise<boolean> {
    return this.ds
      .transaction(async (em: EntityManager) => {
        await em.query(
          `INSERT INTO payment_code_packs (id, consumer_id, session_id, device_name, key_blob, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [pack.id, pack.consumerId, pack.sessionId, pack.deviceName, pack.keyBlob, pack.expiresAt],
        );
        // a handle of another pack (one chance in about 10^9 per handle) makes the whole pack drawn again
        const inserted: Array<{ handle: string }> = await em.query(
          `INSERT INTO payment_code_handles (handle, pack_id, position)
         SELECT h, $1, n - 1 FROM unnest($2::text[]) WITH ORDINALITY AS x(h, n)
         ON CONFLICT (handle) DO NOTHING
         RETURNING handle`,
          [pack.id, handles],
        );
        if (inserted.length === handles.length) return true;
        throw new HandleTaken();
      })
      .catch((err: unknown) => {
        if (err instanceof HandleTaken) return false;
        throw err;
      });
  }

  /** The consumer's live packs (not deleted, not expired), newest first, with their unused handles counted. */
  async livePacks(consumerId: string): Promise<PackRow[]> {
    return this.ds.query(
      `SELECT p.id, p.device_name, p.expires_at,
              (SELECT count(*)::int FROM payment_code_handles h WHERE h.pack_id = p.id AND h.used_at IS NULL) AS handles_left
         FROM payment_code_packs p
         LEFT JOIN consumer_sessions s ON s.id = p.session_id
        WHERE p.consumer_id = $1 AND p.deleted_at IS NULL AND p.expires_at > now()
          AND (s.id IS NULL OR (s.ended_at IS NULL AND s.expires_at > now()))
        ORDER BY p.created_at DESC, p.id`,
      [consumerId],
    );
  }

  /** Every live pack of the consumer's stops working (a new PIN, a closure). */
  async deleteAllOf(consumerId: string): Promise<void> {
    await this.ds.query(
      `UPDATE payment_code_packs SET deleted_at = now() WHERE consumer_id = $1 AND deleted_at IS NULL`,
      [consumerId],
    );
  }

  /** Deletes the consumer's pack (not another's); false when it has none of that id. */
  async deletePack(consumerId: string, packId: string): Promise<boolean> {
    // as a SELECT: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], not the rows
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH deleted AS (
         UPDATE payment_code_packs SET deleted_at = coalesce(deleted_at, now())
          WHERE id = $1 AND consumer_id = $2
          RETURNING id
       )
       SELECT id FROM deleted`,
      [packId, consumerId],
    );
    return rows.length > 0;
  }
}

class HandleTaken extends Error {}
