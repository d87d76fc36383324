import { Injectable } from '@nestjs/common';
import { inTransaction } from '@saoma/database';
import { DataSource } from 'typeorm';
import type { SigningKeyStatus } from './signing.types';

export interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: { kty: string; crv: string; x: string };
  status: SigningKeyStatus;
  created_at: Date;
  activated_at: Date;
  retired_at: Date | null;
  /** Only filled for the active key (the only private key a process needs). */
  private_key_enc: Buffer | null;
}

export interface NewSigningKeyRow {
  kid: string;
  alg: string;
  publicJwk: { kty: string; crv: string; x: string };
  privateKeyEnc: Buffer;
}

const COLUMNS = `kid, alg, public_jwk, status, created_at, activated_at, retired_at`;

/** All signing_keys SQL. */
@Injectable()
export class SigningKeysRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Every key, newest first, in one statement (one snapshot); the encrypted
   * private key only for the active one.
   */
  async listKeys(): Promise<SigningKeyRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS}, CASE WHEN status = 'active' THEN private_key_enc END AS private_key_enc
       FROM signing_keys ORDER BY (status = 'active') DESC, activated_at DESC, kid`,
    );
  }

  /** One key's public half, or undefined. */
  async findPublic(kid: string): Promise<SigningKeyRow | undefined> {
    const rows: SigningKeyRow[] = await this.ds.query(
      `SELECT ${COLUMNS}, NULL::bytea AS private_key_enc FROM signing_keys WHERE kid = $1`,
      [kid],
    );
    return rows[0];
  }

  /**
   * Insert the first active key unless one exists already. Two processes
   * starting on an empty table both try; the partial unique index
   * uq_signing_keys_active lets exactly one win (the other waits for the
   * winner's commit, then inserts nothing). True when this call won.
   */
  async insertFirstActive(k: NewSigningKeyRow): Promise<boolean> {
    const rows: { kid: string }[] = await this.ds.query(
      `INSERT INTO signing_keys (kid, alg, public_jwk, private_key_enc, status)
       VALUES ($1, $2, $3, $4, 'active')
       ON CONFLICT DO NOTHING
       RETURNING kid`,
      [k.kid, k.alg, JSON.stringify(k.publicJwk), k.privateKeyEnc],
    );
    return rows.length === 1;
  }

  /**
   * Retire the active key (if any) and make `k` the active one, atomically.
   * Concurrent rotations are serialised by a transaction-level advisory lock,
   * so each one retires its predecessor's key. Times are clock_timestamp(),
   * taken after the lock: now() is the transaction's start, which may precede
   * the activation of the key it retires. Returns the kids retired.
   */
  async rotate(k: NewSigningKeyRow): Promise<string[]> {
    return inTransaction(this.ds, async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('saoma:signing_keys:rotate', 0))`);
      // through a CTE so that the driver returns plain rows (a bare UPDATE gives [rows, count])
      const retired: { kid: string }[] = await em.query(
        `WITH r AS (UPDATE signing_keys SET status = 'retired', retired_at = clock_timestamp() WHERE status = 'active' RETURNING kid)
         SELECT kid FROM r`,
      );
      await em.query(
        `INSERT INTO signing_keys (kid, alg, public_jwk, private_key_enc, status, activated_at)
         VALUES ($1, $2, $3, $4, 'active', clock_timestamp())`,
        [k.kid, k.alg, JSON.stringify(k.publicJwk), k.privateKeyEnc],
      );
      return retired.map((r) => r.kid);
    });
  }
}
