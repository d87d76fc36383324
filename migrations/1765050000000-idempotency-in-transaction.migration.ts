import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records written in the transaction of the work they record,
 * instead of a claim committed on its own before it.
 *
 * idempotency_claim(principal, key) takes a transaction-scoped advisory lock
 * on the key (not a row: nothing is shared between two keys) and returns the
 * stored record, if any. A second request with the same key while the first
 * one's transaction is open does not get the lock: it answers 409 at once.
 * idempotency_store() writes the response as the transaction's own row, so
 * the record commits with the work or not at all. A writer that knows its
 * response before it writes (a payment) does both at once at its start with
 * idempotency_record().
 *
 * Records left 'running' by the earlier design (a claim whose request died)
 * are taken over once stale, as before.
 */
export class IdempotencyInTransaction1765050000000 implements MigrationInterface {
  name = 'IdempotencyInTransaction1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION idempotency_claim(p_principal text, p_key text,
          OUT in_use boolean, OUT request_hash text, OUT state text, OUT response_status int, OUT response_body text)
      LANGUAGE plpgsql AS $$
      BEGIN
        in_use := NOT pg_try_advisory_xact_lock(hashtextextended(p_principal || ' ' || p_key, 0));
        IF in_use THEN RETURN; END IF;
        SELECT r.request_hash, r.state, r.response_status, r.response_body INTO request_hash, state, response_status, response_body
          FROM idempotency_records r WHERE r.principal = p_principal AND r.key = p_key;
        IF state = 'running' THEN
          DELETE FROM idempotency_records r
           WHERE r.principal = p_principal AND r.key = p_key AND r.state = 'running' AND r.locked_at < now() - interval '120 seconds';
          IF FOUND THEN
            request_hash := NULL; state := NULL;
          ELSE
            in_use := true;
          END IF;
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION idempotency_store(p_principal text, p_key text, p_request_hash text, p_status int, p_body text) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO idempotency_records (principal, key, request_hash, state, response_status, response_body)
        VALUES (p_principal, p_key, p_request_hash, 'done', p_status, p_body)
        ON CONFLICT (principal, key) DO NOTHING;
        RETURN FOUND;
      END $$`);
    // Claim and store in one: the record is written first, and only an earlier one comes back. With
    // p_wait the key's lock is awaited instead of tried: a refusal is stored right after its own
    // transaction failed, and the error can reach the client a moment before that transaction has
    // let go of the key (PostgreSQL reports an error before it aborts).
    await q.query(`
      CREATE FUNCTION idempotency_record(p_principal text, p_key text, p_request_hash text, p_status int, p_body text, p_wait boolean,
          OUT in_use boolean, OUT stored boolean, OUT request_hash text, OUT state text, OUT response_status int, OUT response_body text)
      LANGUAGE plpgsql AS $$
      BEGIN
        IF p_wait THEN
          PERFORM pg_advisory_xact_lock(hashtextextended(p_principal || ' ' || p_key, 0));
          in_use := false;
        ELSE
          in_use := NOT pg_try_advisory_xact_lock(hashtextextended(p_principal || ' ' || p_key, 0));
          IF in_use THEN RETURN; END IF;
        END IF;
        INSERT INTO idempotency_records (principal, key, request_hash, state, response_status, response_body)
        VALUES (p_principal, p_key, p_request_hash, 'done', p_status, p_body)
        ON CONFLICT (principal, key) DO NOTHING;
        stored := FOUND;
        IF stored THEN RETURN; END IF;
        SELECT c.in_use, c.request_hash, c.state, c.response_status, c.response_body INTO in_use, request_hash, state, response_status, response_body
          FROM idempotency_claim(p_principal, p_key) c;
        IF state IS NULL THEN
          -- a stale claim of the earlier design, just taken over: store now
          INSERT INTO idempotency_records (principal, key, request_hash, state, response_status, response_body)
          VALUES (p_principal, p_key, p_request_hash, 'done', p_status, p_body);
          stored := true;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION idempotency_record(text, text, text, int, text, boolean)`);
    await q.query(`DROP FUNCTION idempotency_store(text, text, text, int, text)`);
    await q.query(`DROP FUNCTION idempotency_claim(text, text)`);
  }
}
