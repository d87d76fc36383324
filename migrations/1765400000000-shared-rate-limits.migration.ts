import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate limits shared by every service process: one counter per key and
 * fixed window, counted with one upsert on the database's clock, so that
 * three processes behind a load balancer give a client the same allowance
 * as one. UNLOGGED: a counter is worth less than a WAL write per hit; after a
 * crash of the primary the windows start again empty (at most one window's
 * allowance more), which a rate limit can afford and a lockout could not
 * (PIN lockouts stay on the consumers' rows).
 */
export class SharedRateLimits1765400000000 implements MigrationInterface {
  name = 'SharedRateLimits1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_hits (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        CONSTRAINT pk_rate_limit_hits PRIMARY KEY (key, window_start),
        CONSTRAINT ck_rate_limit_hits_positive CHECK (hits > 0)
      )`);
    await q.query(`CREATE INDEX ix_rate_limit_hits_window ON rate_limit_hits (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_hits`);
  }
}
