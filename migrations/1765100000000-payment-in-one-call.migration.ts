import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HOT_PATH_SETTINGS } from './1765000000000-ledger-fold.migration';

/**
 * A payment in one call, so one round trip and one commit: the idempotency
 * record, the order, the promotion's budget, the payment row, its webhook
 * event (only for a merchant with a webhook URL) and the ledger entry.
 *
 * Everything the caller can know beforehand it sends (ids, amounts, the
 * signed receipt, the response to store under the key); what only the
 * database can decide it decides here, in this order:
 *   1. the key, with the response: in use elsewhere → 'in_use'; already
 *      answered → 'replay' (with the stored response). A caller trying
 *      again after its own refusal (the next promotion, a deadlock) passes
 *      p_wait: PostgreSQL reports an error before it aborts, so the failed
 *      try may still hold the key for a moment, and must be waited for
 *      rather than taken for a concurrent duplicate;
 *   2. the order, open and not expired (its row lock: of concurrent payers one wins);
 *   3. the promotion's budget, by a conditional update;
 *   4. the payment, only while its code is active at that merchant;
 *   5. the ledger entry (ledger_post): the consumer's wallet is the only
 *      account it locks, the merchant and platform accounts are appended to.
 * A refusal raises, so that nothing of it stays: SP001 the order is not
 * payable, SP002 the code is not active at the merchant, SP003 the
 * promotion's budget is spent, SA100 (from ledger_post) the wallet is short,
 * 23505 on uq_payments_token_jti the token is used.
 */
export class PaymentInOneCall1765100000000 implements MigrationInterface {
  name = 'PaymentInOneCall1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION payments_pay(
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
        SELECT p_id, p_consumer, p_merchant, qc.id, p_order, p_token_jti, p_payer, p_currency, p_amount, p_discount,
               p_discount_funded_by, p_promotion, p_charged, p_fee, p_receipt, p_created_at
          FROM qr_codes qc WHERE qc.id = p_code AND qc.merchant_id = p_merchant AND qc.status = 'active';
        IF NOT FOUND THEN
          RAISE EXCEPTION 'code % is not active at merchant %', p_code, p_merchant USING ERRCODE = 'SP002';
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION payments_pay(text, text, text, int, text, uuid, uuid, uuid, uuid, uuid, text, text, text, bigint, bigint, text, uuid,
                                 bigint, bigint, text, timestamptz, jsonb, text, text, text, jsonb, uuid[], text[], bigint[], text[], boolean)`);
  }
}
