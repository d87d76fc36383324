import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Packs of the consumer-presented payment code (付款码): a TOTP key,
 * encrypted under the master secret (the service computes the same codes as
 * the phone), and single-use handles. A handle is unique across every pack,
 * so a code names its pack by the handle alone; `used_at` is set once, by
 * the charge that uses it.
 */
export class PaymentCodes1765300000000 implements MigrationInterface {
  name = 'PaymentCodes1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_code_packs (
        id uuid PRIMARY KEY,
        consumer_id uuid NOT NULL,
        device_name text,
        key_blob bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        deleted_at timestamptz,
        CONSTRAINT fk_payment_code_packs_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT ck_payment_code_packs_device_name CHECK (device_name IS NULL OR char_length(device_name) BETWEEN 1 AND 100),
        CONSTRAINT ck_payment_code_packs_lifetime CHECK (expires_at > created_at AND expires_at <= created_at + interval '7 days')
      )`);
    await q.query(`CREATE INDEX ix_payment_code_packs_consumer ON payment_code_packs (consumer_id, expires_at)`);
    await q.query(`
      CREATE TABLE payment_code_handles (
        handle text PRIMARY KEY,
        pack_id uuid NOT NULL,
        position smallint NOT NULL,
        used_at timestamptz,
        CONSTRAINT fk_payment_code_handles_pack FOREIGN KEY (pack_id) REFERENCES payment_code_packs (id),
        CONSTRAINT ck_payment_code_handles_handle CHECK (handle ~ '^[0-9]{10}$'),
        CONSTRAINT uq_payment_code_handles_position UNIQUE (pack_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_code_handles`);
    await q.query(`DROP TABLE payment_code_packs`);
  }
}
