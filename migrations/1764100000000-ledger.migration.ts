import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commit-time balance check of an entry, as this migration writes it
 * (LedgerDigest1764800000000 replaces it and puts it back on the way down).
 */
export const LEDGER_CHECK_ENTRY_BODY = `$$
      DECLARE
        n int;
        bad text;
      BEGIN
        SELECT count(*), string_agg(CASE WHEN d <> c THEN currency || ' debits ' || d || ' credits ' || c END, ', ')
          INTO n, bad
          FROM (SELECT currency, sum(amount) FILTER (WHERE side = 'D') AS d, sum(amount) FILTER (WHERE side = 'C') AS c, count(*) AS k
                  FROM ledger_postings WHERE entry_id = NEW.id GROUP BY currency) s;
        IF NEW.status = 'refused' AND n > 0 THEN
          RAISE EXCEPTION 'ledger entry % is refused but has postings', NEW.id USING ERRCODE = 'SA002';
        END IF;
        IF NEW.status = 'posted' AND n = 0 THEN
          RAISE EXCEPTION 'ledger entry % has no postings', NEW.id USING ERRCODE = 'SA002';
        END IF;
        IF bad IS NOT NULL OR EXISTS (SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id GROUP BY currency
                                      HAVING count(*) FILTER (WHERE side = 'D') = 0 OR count(*) FILTER (WHERE side = 'C') = 0) THEN
          RAISE EXCEPTION 'ledger entry % is unbalanced: %', NEW.id, coalesce(bad, 'a currency with one side only') USING ERRCODE = 'SA002';
        END IF;
        RETURN NULL;
      END $$`;

/** The per-row posting trigger's function, as this migration writes it (LedgerFold1765000000000 replaces it and puts it back on the way down). */
export const LEDGER_CHECK_POSTING_FUNCTION = `
      CREATE FUNCTION ledger_check_posting() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        x xid;
        top bigint;
        fx bigint;
        mine boolean := false;
      BEGIN
        SELECT xmin INTO x FROM ledger_entries WHERE id = NEW.entry_id AND status = 'posted';
        IF FOUND THEN
          mine := age(x) = 0;
          IF NOT mine THEN
            -- the full (epoch-qualified) id of the nearest xid after ours with these low 32 bits
            top := pg_current_xact_id()::text::bigint;
            fx := (top & ~4294967295::bigint) | x::text::bigint;
            IF fx < top THEN fx := fx + 4294967296; END IF;
            IF fx - top < 2147483648 THEN
              BEGIN
                mine := coalesce(pg_xact_status(fx::text::xid8) = 'in progress', false);
              EXCEPTION WHEN invalid_parameter_value THEN
                mine := false; -- "in the future": a frozen xmin of long ago, not ours
              END;
            END IF;
          END IF;
        END IF;
        IF NOT mine THEN
          RAISE EXCEPTION 'posting for ledger entry % refused: only a posted entry written in the same transaction takes postings', NEW.entry_id
            USING ERRCODE = 'SA003';
        END IF;
        RETURN NEW;
      END $$`;

/**
 * The double-entry ledger: accounts, journal entries, postings, and the
 * invariants the database enforces whoever writes to it.
 */
export class Ledger1764100000000 implements MigrationInterface {
  name = 'Ledger1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_accounts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        currency char(3) NOT NULL,
        owner_type text,
        owner_id text,
        allow_negative boolean NOT NULL,
        debits_posted bigint NOT NULL DEFAULT 0,
        credits_posted bigint NOT NULL DEFAULT 0,
        version bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_ledger_accounts PRIMARY KEY (id),
        CONSTRAINT uq_ledger_accounts_code UNIQUE (code),
        CONSTRAINT uq_ledger_accounts_id_currency UNIQUE (id, currency),
        CONSTRAINT ck_ledger_accounts_type CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
        CONSTRAINT ck_ledger_accounts_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_ledger_accounts_counters CHECK (debits_posted >= 0 AND credits_posted >= 0),
        -- the last fence for wallets: whatever the code does, such a balance never goes below zero
        CONSTRAINT ck_ledger_accounts_not_negative CHECK (
          allow_negative OR (CASE WHEN type IN ('asset', 'expense') THEN debits_posted - credits_posted
                                  ELSE credits_posted - debits_posted END) >= 0)
      )`);
    await q.query(`CREATE INDEX ix_ledger_accounts_owner ON ledger_accounts (owner_type, owner_id)`);

    await q.query(`
      CREATE TABLE ledger_entries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        reference text NOT NULL,
        status text NOT NULL,
        refusal_code text,
        content_hash text NOT NULL,
        effective_at timestamptz NOT NULL DEFAULT now(),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        reverses_entry_id uuid,
        CONSTRAINT pk_ledger_entries PRIMARY KEY (id),
        CONSTRAINT uq_ledger_entries_reference UNIQUE (reference),
        CONSTRAINT fk_ledger_entries_reverses FOREIGN KEY (reverses_entry_id) REFERENCES ledger_entries (id),
        CONSTRAINT uq_ledger_entries_reverses UNIQUE (reverses_entry_id),
        CONSTRAINT ck_ledger_entries_status CHECK (status IN ('posted', 'refused')),
        CONSTRAINT ck_ledger_entries_refusal CHECK ((status = 'refused') = (refusal_code IS NOT NULL)),
        CONSTRAINT ck_ledger_entries_kind CHECK (kind ~ '^[a-z_]{1,40}$'),
        CONSTRAINT ck_ledger_entries_reference CHECK (length(reference) BETWEEN 1 AND 200)
      )`);
    await q.query(`CREATE INDEX ix_ledger_entries_effective_at ON ledger_entries (effective_at)`);
    await q.query(`CREATE INDEX ix_ledger_entries_kind_effective_at ON ledger_entries (kind, effective_at)`);

    await q.query(`
      CREATE TABLE ledger_postings (
        id bigint GENERATED ALWAYS AS IDENTITY,
        entry_id uuid NOT NULL,
        account_id uuid NOT NULL,
        side char(1) NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        CONSTRAINT pk_ledger_postings PRIMARY KEY (id),
        CONSTRAINT fk_ledger_postings_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
        -- a posting's currency is its account's: the composite key makes the database check it
        CONSTRAINT fk_ledger_postings_account FOREIGN KEY (account_id, currency) REFERENCES ledger_accounts (id, currency),
        CONSTRAINT ck_ledger_postings_side CHECK (side IN ('D', 'C')),
        CONSTRAINT ck_ledger_postings_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_ledger_postings_entry ON ledger_postings (entry_id)`);
    await q.query(`CREATE INDEX ix_ledger_postings_account ON ledger_postings (account_id, id)`);

    // Immutability: the journal is append-only, whoever connects.
    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'SA001';
      END $$`);
    for (const t of ['ledger_entries', 'ledger_postings']) {
      await q.query(
        `CREATE TRIGGER trg_${t}_immutable BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
      );
      await q.query(
        `CREATE TRIGGER trg_${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
      );
    }

    // Balance: checked once per entry at commit, so postings may be written in
    // several statements, but no transaction commits an unbalanced entry, a
    // posted entry without postings, or a refused one with postings.
    await q.query(
      `CREATE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS ${LEDGER_CHECK_ENTRY_BODY}`,
    );
    await q.query(`
      CREATE CONSTRAINT TRIGGER trg_ledger_entries_balanced AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry()`);
    // A posting may only join a posted entry written by the same transaction
    // (age(xmin) = 0: inserted by the current top-level transaction; or by one of
    // its savepoints, whose xid is newer than the top-level one and still in
    // progress), so the entry's commit-time check above always sees all of its postings.
    await q.query(LEDGER_CHECK_POSTING_FUNCTION);
    await q.query(`
      CREATE TRIGGER trg_ledger_postings_same_transaction BEFORE INSERT ON ledger_postings
      FOR EACH ROW EXECUTE FUNCTION ledger_check_posting()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_postings`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP TABLE ledger_accounts`);
    await q.query(`DROP FUNCTION ledger_check_posting()`);
    await q.query(`DROP FUNCTION ledger_check_entry()`);
    await q.query(`DROP FUNCTION ledger_refuse_change()`);
  }
}
