import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each merchant's webhook secret (`v1` HMAC signatures, Standard Webhooks),
 * sealed under the master secret (it must be read to sign, so it cannot be
 * a hash). A rotation keeps the previous secret signing beside the new one
 * until `previous_until` (24 hours), so that receivers can switch over.
 */
export class WebhookSecrets1765740000000 implements MigrationInterface {
  name = 'WebhookSecrets1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE merchant_webhook_secrets (
        merchant_id uuid NOT NULL,
        secret bytea NOT NULL,
        previous_secret bytea,
        previous_until timestamptz,
        rotated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_merchant_webhook_secrets PRIMARY KEY (merchant_id),
        CONSTRAINT fk_merchant_webhook_secrets_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT ck_merchant_webhook_secrets_previous CHECK ((previous_secret IS NULL) = (previous_until IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE merchant_webhook_secrets`);
  }
}
