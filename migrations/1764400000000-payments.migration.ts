import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchant codes, orders, payments, refunds, promotions, and the webhook outbox. */
export class Payments1764400000000 implements MigrationInterface {
  name = 'Payments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE qr_codes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL,
        kind text NOT NULL,
        reference text NOT NULL,
        label text,
        amount bigint,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'active',
        payload text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz,
        CONSTRAINT pk_qr_codes PRIMARY KEY (id),
        CONSTRAINT fk_qr_codes_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT uq_qr_codes_reference UNIQUE (reference),
        CONSTRAINT ck_qr_codes_kind CHECK (kind IN ('static', 'dynamic')),
        CONSTRAINT ck_qr_codes_status CHECK (status IN ('active', 'disabled')),
        CONSTRAINT ck_qr_codes_amount CHECK (amount IS NULL OR amount > 0),
        CONSTRAINT ck_qr_codes_reference CHECK (reference ~ '^[A-Za-z0-9]{1,25}$')
      )`);
    await q.query(`CREATE INDEX ix_qr_codes_merchant ON qr_codes (merchant_id, created_at)`);
    await q.query(`
      CREATE TABLE orders (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL,
        code_id uuid NOT NULL,
        reference text NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'open',
        expires_at timestamptz NOT NULL,
        payment_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT pk_orders PRIMARY KEY (id),
        CONSTRAINT fk_orders_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT fk_orders_code FOREIGN KEY (code_id) REFERENCES qr_codes (id),
        CONSTRAINT uq_orders_merchant_reference UNIQUE (merchant_id, reference),
        CONSTRAINT uq_orders_code UNIQUE (code_id),
        CONSTRAINT ck_orders_status CHECK (status IN ('open', 'paid', 'expired', 'cancelled')),
        CONSTRAINT ck_orders_paid CHECK ((status = 'paid') = (payment_id IS NOT NULL)),
        CONSTRAINT ck_orders_amount CHECK (amount > 0),
        CONSTRAINT ck_orders_reference CHECK (reference ~ '^[A-Za-z0-9._-]{1,25}$')
      )`);
    await q.query(`CREATE INDEX ix_orders_open_expiry ON orders (expires_at) WHERE status = 'open'`);
    // open → paid | expired | cancelled, never back
    await q.query(`
      CREATE FUNCTION orders_status_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'open' AND NEW.status IS DISTINCT FROM OLD.status THEN
          RAISE EXCEPTION 'order % is %; its status cannot change', OLD.id, OLD.status USING ERRCODE = 'SA010';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_orders_status_forward BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_status_forward()`,
    );

    await q.query(`
      CREATE TABLE promotions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL,
        funded_by text NOT NULL,
        percent_off numeric(7, 4),
        amount_off bigint,
        min_spend bigint,
        max_discount bigint,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        budget bigint,
        spent bigint NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_promotions PRIMARY KEY (id),
        CONSTRAINT fk_promotions_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT ck_promotions_funded_by CHECK (funded_by IN ('platform', 'merchant')),
        CONSTRAINT ck_promotions_one_kind CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
        CONSTRAINT ck_promotions_percent CHECK (percent_off IS NULL OR (percent_off > 0 AND percent_off <= 100)),
        CONSTRAINT ck_promotions_amounts CHECK ((amount_off IS NULL OR amount_off > 0) AND (min_spend IS NULL OR min_spend > 0)
                                                AND (max_discount IS NULL OR max_discount > 0) AND (budget IS NULL OR budget > 0)),
        CONSTRAINT ck_promotions_window CHECK (starts_at < ends_at),
        -- the budget is never overspent, whoever writes
        CONSTRAINT ck_promotions_budget CHECK (spent >= 0 AND (budget IS NULL OR spent <= budget))
      )`);
    await q.query(`CREATE INDEX ix_promotions_merchant_window ON promotions (merchant_id, starts_at, ends_at)`);

    await q.query(`
      CREATE TABLE payments (
        id uuid NOT NULL,
        consumer_id uuid NOT NULL,
        merchant_id uuid NOT NULL,
        code_id uuid NOT NULL,
        order_id uuid,
        token_jti text NOT NULL,
        payer text NOT NULL,
        currency char(3) NOT NULL,
        amount bigint NOT NULL,
        discount bigint NOT NULL,
        discount_funded_by text,
        promotion_id uuid,
        charged bigint NOT NULL,
        fee bigint NOT NULL,
        refunded bigint NOT NULL DEFAULT 0,
        refunded_to_consumer bigint NOT NULL DEFAULT 0,
        fee_refunded bigint NOT NULL DEFAULT 0,
        receipt text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payments PRIMARY KEY (id),
        CONSTRAINT fk_payments_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT fk_payments_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT fk_payments_code FOREIGN KEY (code_id) REFERENCES qr_codes (id),
        CONSTRAINT fk_payments_order FOREIGN KEY (order_id) REFERENCES orders (id),
        CONSTRAINT fk_payments_promotion FOREIGN KEY (promotion_id) REFERENCES promotions (id),
        CONSTRAINT uq_payments_token_jti UNIQUE (token_jti),
        CONSTRAINT uq_payments_order UNIQUE (order_id),
        CONSTRAINT ck_payments_amounts CHECK (amount > 0 AND discount >= 0 AND discount <= amount AND charged = amount - discount AND fee >= 0 AND fee <= amount),
        CONSTRAINT ck_payments_discount_funder CHECK ((discount = 0) = (discount_funded_by IS NULL)),
        CONSTRAINT ck_payments_refunds CHECK (refunded >= 0 AND refunded <= amount AND refunded_to_consumer <= charged AND fee_refunded <= fee)
      )`);
    await q.query(`CREATE INDEX ix_payments_merchant_created ON payments (merchant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_payments_consumer_created ON payments (consumer_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_payments_created ON payments (created_at)`);
    await q.query(
      `ALTER TABLE orders ADD CONSTRAINT fk_orders_payment FOREIGN KEY (payment_id) REFERENCES payments (id) DEFERRABLE INITIALLY DEFERRED`,
    );

    await q.query(`
      CREATE TABLE refunds (
        id uuid NOT NULL,
        payment_id uuid NOT NULL,
        merchant_id uuid NOT NULL,
        currency char(3) NOT NULL,
        amount bigint NOT NULL,
        to_consumer bigint NOT NULL,
        discount_back bigint NOT NULL,
        fee_back bigint NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_refunds PRIMARY KEY (id),
        CONSTRAINT fk_refunds_payment FOREIGN KEY (payment_id) REFERENCES payments (id),
        CONSTRAINT fk_refunds_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT ck_refunds_amounts CHECK (amount > 0 AND to_consumer >= 0 AND discount_back >= 0 AND fee_back >= 0 AND to_consumer + discount_back = amount)
      )`);
    await q.query(`CREATE INDEX ix_refunds_payment ON refunds (payment_id)`);
    await q.query(`CREATE INDEX ix_refunds_merchant_created ON refunds (merchant_id, created_at)`);
    await q.query(`CREATE INDEX ix_refunds_created ON refunds (created_at)`);

    await q.query(`
      CREATE TABLE webhook_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        last_status int,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        gave_up_at timestamptz,
        CONSTRAINT pk_webhook_events PRIMARY KEY (id),
        CONSTRAINT fk_webhook_events_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT ck_webhook_events_type CHECK (type IN ('payment.succeeded', 'refund.succeeded', 'order.expired', 'order.cancelled'))
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_events_due ON webhook_events (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_webhook_events_merchant ON webhook_events (merchant_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_events`);
    await q.query(`DROP TABLE refunds`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT fk_orders_payment`);
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE promotions`);
    await q.query(`DROP TABLE orders`);
    await q.query(`DROP FUNCTION orders_status_forward()`);
    await q.query(`DROP TABLE qr_codes`);
  }
}
