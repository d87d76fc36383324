import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts a person controls.
 *
 * - consumer_sessions: a session token names its row (claim `sid`); every
 *   request checks it is live, so that a sign-out, a new PIN or a closure
 *   ends it on every process (each process trusts what it read for at most
 *   a second).
 * - A closed consumer keeps its id (the ledger, payments and receipts stay
 *   under it, as the law requires) and loses its identity: name, phone and
 *   PIN hash are erased, and the phone may register again.
 * - A frozen consumer receives money and reads, and takes none out; the
 *   reason is kept beside the date.
 * - A pack of payment codes belongs to the session that made it: codes of a
 *   signed-out phone are refused.
 */
export class Accounts1765600000000 implements MigrationInterface {
  name = 'Accounts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consumer_sessions (
        id uuid NOT NULL,
        consumer_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_agent text,
        ended_at timestamptz,
        CONSTRAINT pk_consumer_sessions PRIMARY KEY (id),
        CONSTRAINT fk_consumer_sessions_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT ck_consumer_sessions_user_agent CHECK (user_agent IS NULL OR char_length(user_agent) <= 200),
        CONSTRAINT ck_consumer_sessions_expiry CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX ix_consumer_sessions_live ON consumer_sessions (consumer_id) WHERE ended_at IS NULL`);
    await q.query(`
      ALTER TABLE consumers
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN frozen_at timestamptz,
        ADD COLUMN frozen_reason text,
        ALTER COLUMN name DROP NOT NULL,
        ALTER COLUMN phone DROP NOT NULL,
        ALTER COLUMN pin_hash DROP NOT NULL,
        ADD CONSTRAINT ck_consumers_identity
          CHECK ((closed_at IS NULL) = (name IS NOT NULL AND phone IS NOT NULL AND pin_hash IS NOT NULL)),
        ADD CONSTRAINT ck_consumers_frozen CHECK ((frozen_at IS NULL) = (frozen_reason IS NULL)),
        ADD CONSTRAINT ck_consumers_frozen_reason CHECK (frozen_reason IS NULL OR char_length(frozen_reason) BETWEEN 1 AND 500)`);
    await q.query(`
      ALTER TABLE payment_code_packs
        ADD COLUMN session_id uuid,
        ADD CONSTRAINT fk_payment_code_packs_session FOREIGN KEY (session_id) REFERENCES consumer_sessions (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM consumers WHERE closed_at IS NOT NULL) THEN
          RAISE EXCEPTION 'accounts have been closed and erased: this migration cannot be reverted';
        END IF;
      END $$`);
    await q.query(
      `ALTER TABLE payment_code_packs DROP CONSTRAINT fk_payment_code_packs_session, DROP COLUMN session_id`,
    );
    await q.query(`
      ALTER TABLE consumers
        DROP CONSTRAINT ck_consumers_frozen_reason,
        DROP CONSTRAINT ck_consumers_frozen,
        DROP CONSTRAINT ck_consumers_identity,
        ALTER COLUMN pin_hash SET NOT NULL,
        ALTER COLUMN phone SET NOT NULL,
        ALTER COLUMN name SET NOT NULL,
        DROP COLUMN frozen_reason,
        DROP COLUMN frozen_at,
        DROP COLUMN closed_at`);
    await q.query(`DROP TABLE consumer_sessions`);
  }
}
