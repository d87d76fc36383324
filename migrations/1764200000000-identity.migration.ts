import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consumers, merchants, operators, and the idempotency records of money requests. */
export class Identity1764200000000 implements MigrationInterface {
  name = 'Identity1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consumers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        phone text NOT NULL,
        pin_hash text NOT NULL,
        failed_attempts int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_consumers PRIMARY KEY (id),
        CONSTRAINT uq_consumers_phone UNIQUE (phone),
        CONSTRAINT ck_consumers_phone CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT ck_consumers_name CHECK (length(name) BETWEEN 1 AND 100),
        CONSTRAINT ck_consumers_failed_attempts CHECK (failed_attempts BETWEEN 0 AND 5)
      )`);
    await q.query(`
      CREATE TABLE merchants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        city text NOT NULL,
        country_code char(2) NOT NULL,
        mcc char(4) NOT NULL,
        currency char(3) NOT NULL,
        fee_rate numeric(10, 8) NOT NULL,
        webhook_url text,
        api_key_prefix text NOT NULL,
        api_key_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_merchants PRIMARY KEY (id),
        CONSTRAINT uq_merchants_api_key_prefix UNIQUE (api_key_prefix),
        CONSTRAINT ck_merchants_fee_rate CHECK (fee_rate >= 0 AND fee_rate < 1),
        CONSTRAINT ck_merchants_mcc CHECK (mcc ~ '^[0-9]{4}$'),
        CONSTRAINT ck_merchants_country CHECK (country_code ~ '^[A-Z]{2}$')
      )`);
    await q.query(`
      CREATE TABLE operators (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        api_key_prefix text NOT NULL,
        api_key_hash text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_operators PRIMARY KEY (id),
        CONSTRAINT uq_operators_api_key_prefix UNIQUE (api_key_prefix),
        CONSTRAINT ck_operators_role CHECK (role IN ('admin', 'finance')),
        CONSTRAINT fk_operators_created_by FOREIGN KEY (created_by) REFERENCES operators (id)
      )`);
    await q.query(`
      CREATE TABLE idempotency_records (
        principal text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL,
        response_status int,
        response_body text,
        locked_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_records PRIMARY KEY (principal, key),
        CONSTRAINT ck_idempotency_records_state CHECK (state IN ('running', 'done')),
        CONSTRAINT ck_idempotency_records_done CHECK ((state = 'done') = (response_status IS NOT NULL AND response_body IS NOT NULL)),
        CONSTRAINT ck_idempotency_records_key CHECK (length(key) BETWEEN 1 AND 255)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_records_created_at ON idempotency_records (created_at)`);
    await q.query(`
      CREATE TABLE topups (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        consumer_id uuid NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        bank_reference text NOT NULL,
        operator_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_topups PRIMARY KEY (id),
        CONSTRAINT fk_topups_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT fk_topups_operator FOREIGN KEY (operator_id) REFERENCES operators (id),
        CONSTRAINT fk_topups_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_topups_bank_reference UNIQUE (bank_reference, currency),
        CONSTRAINT ck_topups_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_topups_consumer ON topups (consumer_id, created_at)`);
    await q.query(`
      CREATE TABLE withdrawals (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        consumer_id uuid NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        end_to_end_reference text NOT NULL,
        entry_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_withdrawals PRIMARY KEY (id),
        CONSTRAINT fk_withdrawals_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT fk_withdrawals_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_withdrawals_end_to_end UNIQUE (end_to_end_reference),
        CONSTRAINT ck_withdrawals_status CHECK (status IN ('pending', 'paid', 'returned')),
        CONSTRAINT ck_withdrawals_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_withdrawals_consumer ON withdrawals (consumer_id, created_at)`);
    await q.query(`CREATE INDEX ix_withdrawals_pending ON withdrawals (status) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE withdrawals`);
    await q.query(`DROP TABLE topups`);
    await q.query(`DROP TABLE idempotency_records`);
    await q.query(`DROP TABLE operators`);
    await q.query(`DROP TABLE merchants`);
    await q.query(`DROP TABLE consumers`);
  }
}
