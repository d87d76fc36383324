import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HOT_PATH_SETTINGS } from './1765000000000-ledger-fold.migration';
import { PaymentInOneCall1765100000000 } from './1765100000000-payment-in-one-call.migration';

/**
 * Charges: the till scans the consumer's payment code (consumer-presented
 * mode). A charge is a payment in every other respect; its payment has no
 * merchant code (code_id NULL, token_jti 'charge:<id>') and is found from
 * the charge (charges.payment_id).
 *
 * - A handle is used once: charges.handle is unique, and the handle's
 *   used_at is set by the statement that writes the charge.
 * - The offline cap (what a pack may charge without the PIN in one UTC day)
 *   is summed under the pack's row lock, so concurrent charges of one pack
 *   are counted one after the other. The pack is one phone's: no row that
 *   charges of different consumers share.
 * - charges_record() is called in the payment's transaction, after
 *   payments_pay() has locked the payer's wallet: wallet, then pack, always.
 *   It raises SC001 (the pack is deleted or expired), SC002 (the day's cap
 *   would be passed: the caller asks the consumer instead), SC003 (the
 *   handle is used).
 * - charges_await() writes a charge that waits for the consumer's PIN; no
 *   money moves until it is confirmed (charges_confirm(), in the payment's
 *   transaction: SC004 when it no longer waits).
 */
export class Charges1765500000000 implements MigrationInterface {
  name = 'Charges1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ALTER COLUMN code_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE payments ADD CONSTRAINT ck_payments_source CHECK (code_id IS NOT NULL OR token_jti LIKE 'charge:%')`,
    );
    await q.query(`
      CREATE TABLE charges (
        id uuid NOT NULL,
        merchant_id uuid NOT NULL,
        consumer_id uuid NOT NULL,
        pack_id uuid NOT NULL,
        handle text NOT NULL,
        currency char(3) NOT NULL,
        amount bigint NOT NULL,
        reference text,
        status text NOT NULL,
        pin_confirmed boolean NOT NULL DEFAULT false,
        payment_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT pk_charges PRIMARY KEY (id),
        CONSTRAINT fk_charges_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id),
        CONSTRAINT fk_charges_consumer FOREIGN KEY (consumer_id) REFERENCES consumers (id),
        CONSTRAINT fk_charges_pack FOREIGN KEY (pack_id) REFERENCES payment_code_packs (id),
        CONSTRAINT fk_charges_handle FOREIGN KEY (handle) REFERENCES payment_code_handles (handle),
        CONSTRAINT fk_charges_payment FOREIGN KEY (payment_id) REFERENCES payments (id) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT uq_charges_handle UNIQUE (handle),
        CONSTRAINT uq_charges_payment UNIQUE (payment_id),
        CONSTRAINT ck_charges_amount CHECK (amount > 0),
        CONSTRAINT ck_charges_reference CHECK (reference IS NULL OR char_length(reference) BETWEEN 1 AND 64),
        CONSTRAINT ck_charges_status CHECK (status IN ('succeeded', 'awaiting_consumer', 'declined', 'expired')),
        CONSTRAINT ck_charges_paid CHECK ((status = 'succeeded') = (payment_id IS NOT NULL)),
        CONSTRAINT ck_charges_waiting CHECK (status <> 'awaiting_consumer' OR (expires_at IS NOT NULL AND closed_at IS NULL))
      )`);
    // the day's no-PIN total of a pack; a consumer's waiting charges; the expiry sweep
    await q.query(
      `CREATE INDEX ix_charges_pack_created ON charges (pack_id, created_at) WHERE status = 'succeeded' AND NOT pin_confirmed`,
    );
    await q.query(
      `CREATE INDEX ix_charges_waiting ON charges (consumer_id, expires_at) WHERE status = 'awaiting_consumer'`,
    );
    await q.query(`CREATE INDEX ix_charges_merchant ON charges (merchant_id, created_at)`);

    await q.query(`
      CREATE OR REPLACE FUNCTION payments_pay(
          p_principal text, p_key text, p_request_hash text, p_response_status int, p_response_body text,
          p_id uuid, p_consumer uuid, p_merchant uuid, p_code uuid, p_order uuid, p_token_jti text, p_payer text, p_currency text,
          p_amount bigint, p_discount bigint, p_discount_funded_by text, p_promotion uuid, p_charged bigint, p_fee bigint,
          p_receipt text, p_created_at timestamptz, p_event jsonb,
          p_entry_kind text, p_entry_reference text, p_entry_hash text, p_entry_metadata jsonb, p_accounts uuid[], p_sides text[], p_amounts bigint[], p_currencies text[], p_wait boolean,
          OUT status text, OUT request_hash text, OUT response_status int, OUT response_body text)
      ${HOT_PATH_SETTINGS} AS $$
      DECLARE
        c record;
        posted record;
      BEGIN
        -- the response is stored first; a refusal below raises, and takes it back with everything else
        SELECT * INTO c FROM idempotency_record(p_principal, p_key, p_request_hash, p_response_status, p_response_body, p_wait);
        IF c.in_use THEN
          status := 'in_use';
          RETURN;
        END IF;
        IF NOT c.stored THEN
          status := 'replay'; request_hash := c.request_hash; response_status := c.response_status; response_body := c.response_body;
          RETURN;
        END IF;

        IF p_order IS NOT NULL THEN
          UPDATE orders SET status = 'paid', payment_id = p_id, closed_at = now()
           WHERE id = p_order AND orders.status = 'open' AND expires_at > clock_timestamp();
          IF NOT FOUND THEN
            RAISE EXCEPTION 'order % is not open', p_order USING ERRCODE = 'SP001';
          END IF;
        END IF;

        IF p_promotion IS NOT NULL THEN
          UPDATE promotions SET spent = spent + p_discount WHERE id = p_promotion AND (budget IS NULL OR spent + p_discount <= budget);
          IF NOT FOUND THEN
            RAISE EXCEPTION 'promotion % has no budget left for %', p_promotion, p_discount USING ERRCODE = 'SP003';
          END IF;
        END IF;

        INSERT INTO payments (id, consumer_id, merchant_id, code_id, order_id, token_jti, payer, currency, amount, discount,
                              discount_funded_by, promotion_id, charged, fee, receipt, created_at)
        SELECT p_id, p_consumer, p_merchant, p_code, p_order, p_token_jti, p_payer, p_currency, p_amount, p_discount,
               p_discount_funded_by, p_promotion, p_charged, p_fee, p_receipt, p_created_at
         WHERE CASE WHEN p_code IS NULL THEN p_token_jti LIKE 'charge:%'
                    ELSE EXISTS (SELECT 1 FROM qr_codes qc WHERE qc.id = p_code AND qc.merchant_id = p_merchant AND qc.status = 'active') END;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'code % is not active at merchant % (or no charge names the payment)', p_code, p_merchant USING ERRCODE = 'SP002';
        END IF;

        -- the outbox only holds work for a merchant that has somewhere to send it
        INSERT INTO webhook_events (merchant_id, type, payload)
        SELECT m.id, 'payment.succeeded', p_event FROM merchants m WHERE m.id = p_merchant AND m.webhook_url IS NOT NULL;

        SELECT * INTO posted FROM ledger_post(p_entry_kind, p_entry_reference, p_entry_hash, p_created_at, p_entry_metadata, NULL,
                                              p_accounts, p_sides, p_amounts, p_currencies);
        IF posted.status <> 'posted' THEN
          RAISE EXCEPTION 'ledger entry for payment % not posted: %', p_id, posted.status USING ERRCODE = 'SA004';
        END IF;

        status := 'paid';
      END $$`);
    await q.query(`
      CREATE FUNCTION charges_lock_pack(p_pack uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM payment_code_packs
          WHERE id = p_pack AND deleted_at IS NULL AND expires_at > clock_timestamp() FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'pack % is deleted or expired', p_pack USING ERRCODE = 'SC001';
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION charges_use_handle(p_pack uuid, p_handle text) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE payment_code_handles SET used_at = clock_timestamp()
         WHERE handle = p_handle AND pack_id = p_pack AND used_at IS NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'handle % is used', p_handle USING ERRCODE = 'SC003';
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION charges_record(p_id uuid, p_merchant uuid, p_consumer uuid, p_pack uuid, p_handle text, p_currency text,
                                     p_amount bigint, p_reference text, p_payment uuid, p_day_cap bigint,
                                     p_created_at timestamptz) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        today bigint;
      BEGIN
        PERFORM charges_lock_pack(p_pack);
        SELECT coalesce(sum(amount), 0) INTO today FROM charges
         WHERE pack_id = p_pack AND status = 'succeeded' AND NOT pin_confirmed
           AND created_at >= date_trunc('day', clock_timestamp() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        IF today + p_amount > p_day_cap THEN
          RAISE EXCEPTION 'pack % would pass its day cap', p_pack USING ERRCODE = 'SC002';
        END IF;
        PERFORM charges_use_handle(p_pack, p_handle);
        INSERT INTO charges (id, merchant_id, consumer_id, pack_id, handle, currency, amount, reference, status, payment_id,
                             created_at, closed_at)
        VALUES (p_id, p_merchant, p_consumer, p_pack, p_handle, p_currency, p_amount, p_reference, 'succeeded', p_payment,
                p_created_at, p_created_at);
      END $$`);
    await q.query(`
      CREATE FUNCTION charges_await(p_id uuid, p_merchant uuid, p_consumer uuid, p_pack uuid, p_handle text, p_currency text,
                                    p_amount bigint, p_reference text, p_wait interval) RETURNS SETOF charges
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM charges_lock_pack(p_pack);
        PERFORM charges_use_handle(p_pack, p_handle);
        RETURN QUERY
        INSERT INTO charges (id, merchant_id, consumer_id, pack_id, handle, currency, amount, reference, status, expires_at)
        VALUES (p_id, p_merchant, p_consumer, p_pack, p_handle, p_currency, p_amount, p_reference, 'awaiting_consumer',
                clock_timestamp() + p_wait)
        RETURNING *;
      END $$`);
    await q.query(`
      CREATE FUNCTION charges_confirm(p_id uuid, p_consumer uuid, p_payment uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE charges SET status = 'succeeded', payment_id = p_payment, pin_confirmed = true, closed_at = clock_timestamp()
         WHERE id = p_id AND consumer_id = p_consumer AND status = 'awaiting_consumer' AND expires_at > clock_timestamp();
        IF NOT FOUND THEN
          RAISE EXCEPTION 'charge % is not awaiting its consumer', p_id USING ERRCODE = 'SC004';
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a payment without a code cannot go back to a schema that requires one: refuse rather than lose it
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM payments WHERE code_id IS NULL) THEN
          RAISE EXCEPTION 'charges have been paid: this migration cannot be reverted without losing payments';
        END IF;
      END $$`);
    await q.query(`DROP FUNCTION charges_confirm(uuid, uuid, uuid)`);
    await q.query(`DROP FUNCTION charges_await(uuid, uuid, uuid, uuid, text, text, bigint, text, interval)`);
    await q.query(
      `DROP FUNCTION charges_record(uuid, uuid, uuid, uuid, text, text, bigint, text, uuid, bigint, timestamptz)`,
    );
    await q.query(`DROP FUNCTION charges_use_handle(uuid, text)`);
    await q.query(`DROP FUNCTION charges_lock_pack(uuid)`);
    await q.query(`
      DROP FUNCTION payments_pay(text, text, text, int, text, uuid, uuid, uuid, uuid, uuid, text, text, text, bigint, bigint, text, uuid,
                                 bigint, bigint, text, timestamptz, jsonb, text, text, text, jsonb, uuid[], text[], bigint[], text[], boolean)`);
    await new PaymentInOneCall1765100000000().up(q);
    await q.query(`DROP TABLE charges`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT ck_payments_source`);
    await q.query(`ALTER TABLE payments ALTER COLUMN code_id SET NOT NULL`);
  }
}
