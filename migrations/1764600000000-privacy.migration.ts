import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff access log: every read of a consumer's personal data by an
 * operator, with its stated purpose. Append-only, whoever connects: the
 * database refuses UPDATE, DELETE and TRUNCATE (SQLSTATE SA050), so neither
 * the service nor a stray script can edit or erase what the consumer is shown.
 */
export class Privacy1764600000000 implements MigrationInterface {
  name = 'Privacy1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_access_log (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        consumer_id uuid NOT NULL,
        operator_id uuid NOT NULL,
        operator_role text NOT NULL,
        purpose text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_staff_access_log PRIMARY KEY (id),
        CONSTRAINT fk_staff_access_log_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT fk_staff_access_log_operator FOREIGN KEY (operator_id) REFERENCES operators (id),
        CONSTRAINT ck_staff_access_log_operator_role CHECK (operator_role IN ('admin', 'finance')),
        -- 1 to 500 characters, and not only white space
        CONSTRAINT ck_staff_access_log_purpose CHECK (char_length(purpose) BETWEEN 1 AND 500 AND purpose ~ '[^[:space:]]')
      )`);
    // the consumer's view, newest first (the cursor is (at, id))
    await q.query(`CREATE INDEX ix_staff_access_log_consumer_at ON staff_access_log (consumer_id, at DESC, id DESC)`);
    // audits of one operator's reads
    await q.query(`CREATE INDEX ix_staff_access_log_operator_at ON staff_access_log (operator_id, at)`);

    await q.query(`
      CREATE FUNCTION staff_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'staff_access_log is append-only: % refused', TG_OP USING ERRCODE = 'SA050';
      END $$`);
    // statement level: refused even when no row matches, and for TRUNCATE (statement level only)
    await q.query(`
      CREATE TRIGGER trg_staff_access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON staff_access_log
      FOR EACH STATEMENT EXECUTE FUNCTION staff_access_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // DROP TABLE is not refused by the triggers (they go with the table)
    await q.query(`DROP TABLE staff_access_log`);
    await q.query(`DROP FUNCTION staff_access_log_refuse_change()`);
  }
}
