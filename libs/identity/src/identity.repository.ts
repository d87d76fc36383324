import { Injectable } from '@nestjs/common';
import { rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface ConsumerRow {
  id: string;
  name: string;
  phone: string;
  pin_hash: string;
  failed_attempts: number;
  locked_until: Date | null;
  created_at: Date;
  /** Set when the account was closed: name, phone and pin_hash are then null. */
  closed_at: Date | null;
  frozen_at: Date | null;
  frozen_reason: string | null;
}

export interface MerchantRow {
  id: string;
  name: string;
  city: string;
  country_code: string;
  mcc: string;
  currency: string;
  fee_rate: string;
  webhook_url: string | null;
  api_key_prefix: string;
  api_key_hash: string;
  created_at: Date;
}

export interface OperatorRow {
  id: string;
  name: string;
  role: 'admin' | 'finance';
  api_key_prefix: string;
  api_key_hash: string;
  created_at: Date;
}

/** SQL for consumers, merchants and operators. */
@Injectable()
export class IdentityRepository {
  constructor(private readonly ds: DataSource) {}

  /** null when the phone is taken. */
  async insertConsumer(name: string, phone: string, pinHash: string): Promise<ConsumerRow | null> {
    const rows: ConsumerRow[] = await this.ds.query(
      `INSERT INTO consumers (name, phone, pin_hash) VALUES ($1, $2, $3)
       ON CONFLICT (phone) DO NOTHING RETURNING *`,
      [name, phone, pinHash],
    );
    return rows[0] ?? null;
  }

  async findConsumer(id: string, em?: EntityManager): Promise<ConsumerRow | undefined> {
    const rows: ConsumerRow[] = await (em ?? this.ds).query(`SELECT * FROM consumers WHERE id = $1`, [id]);
    return rows[0];
  }

  async registeredSince(since: Date): Promise<Array<{ id: string; phone: string }>> {
    return this.ds.query(
      `SELECT id, phone FROM consumers WHERE created_at >= $1 AND phone IS NOT NULL ORDER BY created_at`,
      [since],
    );
  }

  /** Names by id (null once erased). */
  async namesOf(ids: string[], em?: EntityManager): Promise<Map<string, string | null>> {
    const rows: Array<{ id: string; name: string | null }> = await (em ?? this.ds).query(
      `SELECT id, name FROM consumers WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async findConsumerByPhone(phone: string): Promise<ConsumerRow | undefined> {
    const rows: ConsumerRow[] = await this.ds.query(`SELECT * FROM consumers WHERE phone = $1`, [phone]);
    return rows[0];
  }

  /**
   * Take one PIN attempt before judging it, atomically: the row lock
   * serialises concurrent attempts, and once five are taken the account is
   * locked for 15 minutes, so no race lets a sixth guess be judged. A lock
   * that has run out starts a fresh count. No row back: unknown consumer or
   * locked. By phone (sign-in) or by id (the PIN at payment time).
   */
  async claimPinAttempt(by: { phone: string } | { id: string }): Promise<{ id: string; pin_hash: string } | undefined> {
    const [column, value] = 'phone' in by ? ['phone', by.phone] : ['id', by.id];
    const rows = await this.ds.query(
      `UPDATE consumers
          SET failed_attempts = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END,
              locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END) >= 5
                                  THEN now() + interval '15 minutes' END
        WHERE ${column} = $1 AND (locked_until IS NULL OR locked_until <= clock_timestamp())
        RETURNING id, pin_hash`,
      [value],
    );
    return rowsOf<{ id: string; pin_hash: string }>(rows)[0];
  }

  /** The right PIN: the attempt was not a failure; clear the count. */
  async setPinHash(id: string, pinHash: string): Promise<void> {
    await this.ds.query(`UPDATE consumers SET pin_hash = $2 WHERE id = $1 AND closed_at IS NULL`, [id, pinHash]);
  }

  /** Erases the identity of an open account; its closing time, or null when it was closed already. */
  async eraseConsumer(id: string): Promise<Date | null> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ closed_at: Date; phone: string }> = await em.query(
        `WITH before AS (SELECT id, phone FROM consumers WHERE id = $1 AND closed_at IS NULL FOR UPDATE),
              closed AS (
                UPDATE consumers c SET name = NULL, phone = NULL, pin_hash = NULL, failed_attempts = 0, locked_until = NULL,
                                       closed_at = now()
                  FROM before WHERE c.id = before.id
                RETURNING c.closed_at, before.phone)
         SELECT closed_at, phone FROM closed`,
        [id],
      );
      return rows.length ? rows[0].closed_at : null;
    });
  }

  /** Freezes or unfreezes (reason null) an open account, in the caller's transaction; false when there is no such open account. */
  async setFrozen(id: string, reason: string | null, em: EntityManager): Promise<Date | null | undefined> {
    const rows: Array<{ frozen_at: Date | null }> = await em.query(
      `WITH f AS (
         UPDATE consumers SET frozen_at = CASE WHEN $2::text IS NULL THEN NULL ELSE coalesce(frozen_at, now()) END,
                              frozen_reason = $2
          WHERE id = $1 AND closed_at IS NULL
          RETURNING frozen_at)
       SELECT frozen_at FROM f`,
      [id, reason],
    );
    return rows.length ? rows[0].frozen_at : undefined;
  }

  async clearPinAttempts(id: string): Promise<void> {
    await this.ds.query(`UPDATE consumers SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  async insertMerchant(m: Omit<MerchantRow, 'id' | 'created_at'>): Promise<MerchantRow> {
    const rows: MerchantRow[] = await this.ds.query(
      `INSERT INTO merchants (name, city, country_code, mcc, currency, fee_rate, webhook_url, api_key_prefix, api_key_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [m.name, m.city, m.country_code, m.mcc, m.currency, m.fee_rate, m.webhook_url, m.api_key_prefix, m.api_key_hash],
    );
    return rows[0];
  }

  async findMerchant(id: string, em?: EntityManager): Promise<MerchantRow | undefined> {
    const rows: MerchantRow[] = await (em ?? this.ds).query(`SELECT * FROM merchants WHERE id = $1`, [id]);
    return rows[0];
  }

  async findMerchantByPrefix(prefix: string): Promise<MerchantRow | undefined> {
    const rows: MerchantRow[] = await this.ds.query(`SELECT * FROM merchants WHERE api_key_prefix = $1`, [prefix]);
    return rows[0];
  }

  async updateMerchantWebhook(id: string, url: string | null): Promise<MerchantRow | undefined> {
    return rowsOf<MerchantRow>(
      await this.ds.query(`UPDATE merchants SET webhook_url = $2 WHERE id = $1 RETURNING *`, [id, url]),
    )[0];
  }

  async insertOperator(o: {
    name: string;
    role: 'admin' | 'finance';
    prefix: string;
    hash: string;
    createdBy: string | null;
  }): Promise<OperatorRow> {
    const rows: OperatorRow[] = await this.ds.query(
      `INSERT INTO operators (name, role, api_key_prefix, api_key_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [o.name, o.role, o.prefix, o.hash, o.createdBy],
    );
    return rows[0];
  }

  /** The bootstrap admin (ADMIN_API_KEY) has a fixed prefix; its hash follows the key in the environment. */
  async upsertBootstrapAdmin(hash: string): Promise<OperatorRow> {
    const rows: OperatorRow[] = await this.ds.query(
      `INSERT INTO operators (name, role, api_key_prefix, api_key_hash) VALUES ('Bootstrap admin', 'admin', 'env', $1)
       ON CONFLICT (api_key_prefix) DO UPDATE SET api_key_hash = EXCLUDED.api_key_hash RETURNING *`,
      [hash],
    );
    return rows[0];
  }

  async findOperatorByPrefix(prefix: string): Promise<OperatorRow | undefined> {
    const rows: OperatorRow[] = await this.ds.query(`SELECT * FROM operators WHERE api_key_prefix = $1`, [prefix]);
    return rows[0];
  }

  async findOperator(id: string): Promise<OperatorRow | undefined> {
    const rows: OperatorRow[] = await this.ds.query(`SELECT * FROM operators WHERE id = $1`, [id]);
    return rows[0];
  }
}
