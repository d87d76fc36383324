import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Red envelopes (红包): money a consumer puts in an envelope for others to
 * claim by its code.
 *
 * - The money leaves the sender's wallet at once, in one entry, for the
 *   platform's envelopes-in-transit account (entry_id).
 * - The shares are drawn when the envelope is made (red_envelope_shares,
 *   positions 0..count-1) and add up to the total; the rule is
 *   redEnvelopeShares() in libs/payments. A claim takes the lowest unclaimed
 *   position under the envelope's row lock, so claims are exact under any
 *   concurrency, and each consumer claims an envelope once (uq on
 *   envelope_id, claimed_by). Each claim is one entry from the in-transit
 *   account to the claimer's wallet (the share's entry_id).
 * - At expiry what is unclaimed returns to the sender in one entry
 *   (return_entry_id, returned_amount); the envelope is then `expired`.
 * - So the in-transit account equals the unclaimed shares of envelopes not
 *   returned at every commit, which the reconciliation checks.
 */
export class RedEnvelopes1765720000000 implements MigrationInterface {
  name = 'RedEnvelopes1765720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE red_envelopes (
        id uuid NOT NULL,
        sender_id uuid NOT NULL,
        code text NOT NULL,
        total bigint NOT NULL,
        currency char(3) NOT NULL,
        count integer NOT NULL,
        split text NOT NULL,
        message text,
        status text NOT NULL DEFAULT 'open',
        claimed integer NOT NULL DEFAULT 0,
        entry_id uuid NOT NULL,
        return_entry_id uuid,
        returned_amount bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_red_envelopes PRIMARY KEY (id),
        CONSTRAINT fk_red_envelopes_sender FOREIGN KEY (sender_id) REFERENCES consumers (id),
        CONSTRAINT fk_red_envelopes_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT fk_red_envelopes_return_entry FOREIGN KEY (return_entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_red_envelopes_code UNIQUE (code),
        CONSTRAINT uq_red_envelopes_entry UNIQUE (entry_id),
        CONSTRAINT ck_red_envelopes_code CHECK (code ~ '^[0-9A-Z]{1,16}$'),
        CONSTRAINT ck_red_envelopes_count CHECK (count BETWEEN 1 AND 100),
        CONSTRAINT ck_red_envelopes_total CHECK (total >= count),
        CONSTRAINT ck_red_envelopes_split CHECK (split IN ('random', 'equal')),
        CONSTRAINT ck_red_envelopes_message CHECK (char_length(message) <= 140),
        CONSTRAINT ck_red_envelopes_status CHECK (status IN ('open', 'emptied', 'expired')),
        CONSTRAINT ck_red_envelopes_claimed CHECK (claimed BETWEEN 0 AND count),
        CONSTRAINT ck_red_envelopes_emptied CHECK ((status = 'emptied') = (claimed = count)),
        CONSTRAINT ck_red_envelopes_returned CHECK ((return_entry_id IS NULL) = (returned_amount IS NULL)),
        CONSTRAINT ck_red_envelopes_returned_amount CHECK (returned_amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_red_envelopes_sender ON red_envelopes (sender_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_red_envelopes_open_expiry ON red_envelopes (expires_at) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE red_envelope_shares (
        envelope_id uuid NOT NULL,
        position integer NOT NULL,
        amount bigint NOT NULL,
        claimed_by uuid,
        claimed_at timestamptz,
        entry_id uuid,
        CONSTRAINT pk_red_envelope_shares PRIMARY KEY (envelope_id, position),
        CONSTRAINT fk_red_envelope_shares_envelope FOREIGN KEY (envelope_id) REFERENCES red_envelopes (id),
        CONSTRAINT fk_red_envelope_shares_claimer FOREIGN KEY (claimed_by) REFERENCES consumers (id),
        CONSTRAINT fk_red_envelope_shares_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_red_envelope_shares_claimer UNIQUE (envelope_id, claimed_by),
        CONSTRAINT uq_red_envelope_shares_entry UNIQUE (entry_id),
        CONSTRAINT ck_red_envelope_shares_amount CHECK (amount > 0),
        CONSTRAINT ck_red_envelope_shares_position CHECK (position BETWEEN 0 AND 99),
        CONSTRAINT ck_red_envelope_shares_claim CHECK (
          (claimed_by IS NULL) = (claimed_at IS NULL) AND (claimed_by IS NULL) = (entry_id IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_red_envelope_shares_claimer ON red_envelope_shares (claimed_by, claimed_at DESC)`);
    // the shares of an envelope add up to its total, checked when the transaction that wrote them commits
    await q.query(`
      CREATE FUNCTION red_envelopes_shares_add_up() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        e red_envelopes%ROWTYPE;
        n integer;
        s bigint;
      BEGIN
        SELECT * INTO e FROM red_envelopes WHERE id = NEW.id;
        SELECT count(*), coalesce(sum(amount), 0) INTO n, s FROM red_envelope_shares WHERE envelope_id = NEW.id;
        IF n <> e.count OR s <> e.total THEN
          RAISE EXCEPTION 'red envelope %: % shares adding up to %, for % shares of %', e.id, n, s, e.count, e.total
            USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER trg_red_envelopes_shares_add_up AFTER INSERT ON red_envelopes
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION red_envelopes_shares_add_up()`);
    // what was drawn stays drawn; a claim is made once; the envelope moves forward only
    await q.query(`
      CREATE FUNCTION red_envelopes_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'red_envelope_shares' THEN
          IF NEW.amount <> OLD.amount OR NEW.envelope_id <> OLD.envelope_id OR NEW.position <> OLD.position
             OR (OLD.claimed_by IS NOT NULL AND NEW.claimed_by IS DISTINCT FROM OLD.claimed_by) THEN
            RAISE EXCEPTION 'share % of red envelope % cannot change', OLD.position, OLD.envelope_id USING ERRCODE = '23514';
          END IF;
        ELSIF NEW.total <> OLD.total OR NEW.count <> OLD.count OR NEW.sender_id <> OLD.sender_id
              OR NEW.currency <> OLD.currency OR NEW.entry_id <> OLD.entry_id
              OR NEW.claimed < OLD.claimed OR (OLD.status <> 'open' AND NEW.status <> OLD.status)
              OR (OLD.return_entry_id IS NOT NULL AND NEW.return_entry_id IS DISTINCT FROM OLD.return_entry_id) THEN
          RAISE EXCEPTION 'red envelope % cannot change so', OLD.id USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_red_envelopes_fixed BEFORE UPDATE ON red_envelopes
        FOR EACH ROW EXECUTE FUNCTION red_envelopes_fixed()`);
    await q.query(`
      CREATE TRIGGER trg_red_envelope_shares_fixed BEFORE UPDATE ON red_envelope_shares
        FOR EACH ROW EXECUTE FUNCTION red_envelopes_fixed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE red_envelope_shares`);
    await q.query(`DROP TABLE red_envelopes`);
    await q.query(`DROP FUNCTION red_envelopes_fixed()`);
    await q.query(`DROP FUNCTION red_envelopes_shares_add_up()`);
  }
}
