import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_CHECK_POSTING_FUNCTION } from './1764100000000-ledger.migration';

/**
 * How the functions on the payment path are planned, once per connection:
 *  - generic plans: their statements never change shape, and re-planning
 *    them (the estimates for unnest() of the arguments keep a custom plan
 *    looking cheaper) cost a third of a call;
 *  - no sequential scans: every table they touch is read by key, and a plan
 *    cached while a table was still small (a new deployment, the benchmark)
 *    would otherwise keep scanning it whole as it grows, until the next
 *    ANALYZE (measured: the entries table read 73 million rows in 28,000 payments).
 */
export const HOT_PATH_SETTINGS = 'LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off';

/**
 * The ledger's write path without a row that every payment locks.
 *
 * A posting that can only raise an account's balance, or that lands on an
 * account with no floor (allow_negative), needs no check: it is *appended*
 * to ledger_account_deltas and the account row is not touched, so any
 * number of transactions credit a merchant wallet or the fee revenue at
 * once. A posting that lowers a floored balance (a wallet paying) is
 * *guarded*: its account is locked (ascending id order), its appended
 * deltas are folded into the stored counters, and the counters change under
 * the CHECK that keeps the balance at or above zero.
 *
 * An account's balance is always its counters plus its deltas
 * (ledger_balances), equal to the sum of its postings at every committed
 * snapshot. ledger_fold() moves deltas into the counters apart from the
 * payments, taking only rows nobody holds (SKIP LOCKED).
 *
 * The postings' foreign keys are replaced by one check per INSERT statement
 * (not per row) in the posting trigger, which already ran per row: a
 * foreign key takes a KEY SHARE lock on the account row of every posting,
 * so every payment in a currency wrote a lock (and a MultiXact) on the
 * fee-revenue row. The trigger reads the accounts and entries without a
 * lock: accounts are never deleted nor their currency changed
 * (trg_ledger_accounts_fixed), entries never deleted (append-only), so a
 * check at insert stays true.
 *
 * Statement counts matter here more than anything: a payment's cost in
 * PostgreSQL is mostly executor start-up per statement (measured with perf:
 * a flat profile of ExecInitNode, expression set-up, catalog hash lookups).
 * ledger_post() runs four statements and the trigger two.
 */
export class LedgerFold1765000000000 implements MigrationInterface {
  name = 'LedgerFold1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_account_deltas (
        account_id uuid NOT NULL,
        debit bigint NOT NULL,
        credit bigint NOT NULL,
        CONSTRAINT ck_ledger_account_deltas_amounts CHECK (debit >= 0 AND credit >= 0 AND debit + credit > 0)
      )`);
    await q.query(`CREATE INDEX ix_ledger_account_deltas_account ON ledger_account_deltas (account_id)`);
    // deltas come and go all day: vacuum the small table often
    await q.query(
      `ALTER TABLE ledger_account_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000)`,
    );

    await q.query(`
      CREATE VIEW ledger_balances AS
      SELECT a.id, a.code, a.name, a.type, a.currency, a.owner_type, a.owner_id, a.allow_negative,
             a.debits_posted + coalesce(d.debit, 0) AS debits_posted,
             a.credits_posted + coalesce(d.credit, 0) AS credits_posted
        FROM ledger_accounts a
        LEFT JOIN (SELECT account_id, sum(debit) AS debit, sum(credit) AS credit
                     FROM ledger_account_deltas GROUP BY account_id) d ON d.account_id = a.id`);

    // Accounts are never deleted, and what a posting was checked against never changes.
    await q.query(`
      CREATE FUNCTION ledger_accounts_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.currency <> OLD.currency OR NEW.type <> OLD.type OR NEW.allow_negative <> OLD.allow_negative THEN
          RAISE EXCEPTION 'ledger account %: % of its identity refused', OLD.id, TG_OP USING ERRCODE = 'SA001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_ledger_accounts_fixed BEFORE DELETE OR UPDATE OF id, currency, type, allow_negative ON ledger_accounts
      FOR EACH ROW EXECUTE FUNCTION ledger_accounts_fixed()`);

    await q.query(`ALTER TABLE ledger_postings DROP CONSTRAINT fk_ledger_postings_account`);
    await q.query(`ALTER TABLE ledger_postings DROP CONSTRAINT fk_ledger_postings_entry`);
    await q.query(`DROP TRIGGER trg_ledger_postings_same_transaction ON ledger_postings`);
    await q.query(`DROP FUNCTION ledger_check_posting()`);
    await q.query(WRITTEN_HERE);
    await q.query(CHECK_POSTINGS);
    await q.query(`
      CREATE TRIGGER trg_ledger_postings_checked AFTER INSERT ON ledger_postings
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_postings()`);
    // (effective_at, id) of 1764700000000 serves every reader of this one
    await q.query(`DROP INDEX ix_ledger_entries_effective_at`);

    await q.query(LEDGER_POST);
    await q.query(LEDGER_FOLD);
    // the commit-time check of every entry (LedgerDigest1764800000000) reads its postings by key too
    await q.query(
      `ALTER FUNCTION ledger_check_entry() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ledger_check_entry() RESET ALL`);
    // every delta back into its counters first: the stored balances mean the whole sum again
    await q.query(`SELECT ledger_fold(2147483647)`);
    await q.query(`DROP FUNCTION ledger_fold(int)`);
    await q.query(
      `DROP FUNCTION ledger_post(text, text, text, timestamptz, jsonb, uuid, uuid[], text[], bigint[], text[])`,
    );
    await q.query(`CREATE INDEX ix_ledger_entries_effective_at ON ledger_entries (effective_at)`);
    await q.query(`DROP TRIGGER trg_ledger_postings_checked ON ledger_postings`);
    await q.query(`DROP FUNCTION ledger_check_postings()`);
    await q.query(`DROP FUNCTION ledger_written_here(xid)`);
    await q.query(LEDGER_CHECK_POSTING_FUNCTION);
    await q.query(`
      CREATE TRIGGER trg_ledger_postings_same_transaction BEFORE INSERT ON ledger_postings
      FOR EACH ROW EXECUTE FUNCTION ledger_check_posting()`);
    await q.query(
      `ALTER TABLE ledger_postings ADD CONSTRAINT fk_ledger_postings_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id)`,
    );
    await q.query(`
      ALTER TABLE ledger_postings ADD CONSTRAINT fk_ledger_postings_account
      FOREIGN KEY (account_id, currency) REFERENCES ledger_accounts (id, currency)`);
    await q.query(`DROP TRIGGER trg_ledger_accounts_fixed ON ledger_accounts`);
    await q.query(`DROP FUNCTION ledger_accounts_fixed()`);
    await q.query(`DROP VIEW ledger_balances`);
    await q.query(`DROP TABLE ledger_account_deltas`);
  }
}

/**
 * Whether a row with this xmin was written by the current transaction (or
 * one of its savepoints, whose xid is newer than the top-level one and still
 * in progress).
 */
const WRITTEN_HERE = `
      CREATE FUNCTION ledger_written_here(x xid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      DECLARE
        top bigint;
        fx bigint;
      BEGIN
        IF age(x) = 0 THEN RETURN true; END IF;
        -- the full (epoch-qualified) id of the nearest xid after ours with these low 32 bits
        top := pg_current_xact_id()::text::bigint;
        fx := (top & ~4294967295::bigint) | x::text::bigint;
        IF fx < top THEN fx := fx + 4294967296; END IF;
        IF fx - top >= 2147483648 THEN RETURN false; END IF;
        RETURN coalesce(pg_xact_status(fx::text::xid8) = 'in progress', false);
      EXCEPTION WHEN invalid_parameter_value THEN
        RETURN false; -- "in the future": a frozen xmin of long ago, not ours
      END $$`;

/**
 * Once per INSERT statement on ledger_postings: every posting is on an
 * existing account in that account's currency (the rule of the foreign key
 * it replaces, under its name), and joins a posted entry written by this
 * same transaction, so the entry's commit-time check sees all its postings.
 */
const CHECK_POSTINGS = `
      CREATE FUNCTION ledger_check_postings() RETURNS trigger ${HOT_PATH_SETTINGS} AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT n.account_id, n.currency INTO bad FROM new_postings n
         WHERE NOT EXISTS (SELECT FROM ledger_accounts a WHERE a.id = n.account_id AND a.currency = n.currency)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'posting refused: no % account %', bad.currency, bad.account_id
            USING ERRCODE = '23503', CONSTRAINT = 'fk_ledger_postings_account';
        END IF;
        SELECT n.entry_id INTO bad FROM (SELECT DISTINCT entry_id FROM new_postings) n
          LEFT JOIN ledger_entries e ON e.id = n.entry_id AND e.status = 'posted'
         WHERE e.id IS NULL OR NOT ledger_written_here(e.xmin)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'posting for ledger entry % refused: only a posted entry written in the same transaction takes postings', bad.entry_id
            USING ERRCODE = 'SA003';
        END IF;
        RETURN NULL;
      END $$`;

/**
 * One balanced entry in one call. Statuses: 'posted'; 'exists' (the
 * reference is taken: the caller compares and replays); 'account_not_found'
 * and 'currency_mismatch' (short_account names it). A balance that would go
 * below zero raises SA100 (DETAIL: the account), so that nothing of the
 * entry stays. The reference is claimed before any account is locked: a
 * second post of it waits for the first one's outcome, and a reversal of a
 * reversed entry fails on uq_ledger_entries_reverses before any balance is
 * looked at. The caller has checked the balance per currency; the
 * commit-time trigger checks it again.
 */
const LEDGER_POST = `
      CREATE FUNCTION ledger_post(
          p_kind text, p_reference text, p_content_hash text, p_effective_at timestamptz, p_metadata jsonb, p_reverses uuid,
          p_accounts uuid[], p_sides text[], p_amounts bigint[], p_currencies text[],
          OUT status text, OUT entry_id uuid, OUT effective_at timestamptz, OUT recorded_at timestamptz,
          OUT posting_ids bigint[], OUT short_account uuid)
      ${HOT_PATH_SETTINGS} AS $$
      DECLARE
        ids uuid[];        -- the entry's accounts, ascending
        debits bigint[];   -- its debits and credits on each
        credits bigint[];
        guarded uuid[];    -- those whose floored balance it lowers: locked, folded, checked
      BEGIN
        SELECT array_agg(s.account_id ORDER BY s.account_id), array_agg(s.d ORDER BY s.account_id), array_agg(s.c ORDER BY s.account_id),
               array_agg(s.account_id ORDER BY s.account_id) FILTER (
                 WHERE NOT a.allow_negative AND (CASE WHEN a.type IN ('asset', 'expense') THEN s.d - s.c ELSE s.c - s.d END) < 0),
               coalesce((array_agg(s.account_id) FILTER (WHERE a.id IS NULL))[1],
                        (array_agg(s.account_id) FILTER (WHERE a.currency <> ALL (s.currencies) OR cardinality(s.currencies) > 1))[1])
          INTO ids, debits, credits, guarded, short_account
          FROM (SELECT v.account_id, array_agg(DISTINCT v.currency) AS currencies,
                       coalesce(sum(v.amount) FILTER (WHERE v.side = 'D'), 0) AS d,
                       coalesce(sum(v.amount) FILTER (WHERE v.side = 'C'), 0) AS c
                  FROM unnest(p_accounts, p_sides, p_amounts, p_currencies) AS v(account_id, side, amount, currency)
                 GROUP BY v.account_id) s
          LEFT JOIN ledger_accounts a ON a.id = s.account_id;
        IF short_account IS NOT NULL THEN
          status := CASE WHEN EXISTS (SELECT FROM ledger_accounts WHERE id = short_account) THEN 'currency_mismatch' ELSE 'account_not_found' END;
          RETURN;
        END IF;

        INSERT INTO ledger_entries AS n (kind, reference, status, content_hash, effective_at, metadata, reverses_entry_id, postings_digest)
        VALUES (p_kind, p_reference, 'posted', p_content_hash, coalesce(p_effective_at, now()), coalesce(p_metadata, '{}'::jsonb), p_reverses,
                (SELECT sum(ledger_posting_hash(ledger_entry_seed(p_kind, p_reference), v.account_id,
                                                CASE WHEN v.side = 'D' THEN v.amount ELSE -v.amount END))
                   FROM unnest(p_accounts, p_sides, p_amounts) AS v(account_id, side, amount)))
        ON CONFLICT (reference) DO NOTHING
        RETURNING n.id, n.effective_at, n.recorded_at INTO entry_id, effective_at, recorded_at;
        IF entry_id IS NULL THEN
          status := 'exists';
          RETURN;
        END IF;

        IF guarded IS NOT NULL THEN
          -- The only row locks of a post, in ascending id order: two entries never wait on each other in a
          -- cycle. The balance adds the deltas this statement's snapshot sees: a delta on a floored account
          -- only ever raises it, and if a fold committed while the lock was awaited (counting its deltas
          -- twice here), the CHECK on the counters refuses the update below.
          SELECT g.id INTO short_account
            FROM (SELECT a.id, a.type, a.debits_posted, a.credits_posted FROM ledger_accounts a
                   WHERE a.id = ANY (guarded) ORDER BY a.id FOR NO KEY UPDATE) g
            JOIN unnest(ids, debits, credits) AS e(id, d, c) ON e.id = g.id
            LEFT JOIN LATERAL (SELECT sum(x.debit) AS d, sum(x.credit) AS c FROM ledger_account_deltas x WHERE x.account_id = g.id) p ON true
           WHERE (CASE WHEN g.type IN ('asset', 'expense')
                       THEN (g.debits_posted + coalesce(p.d, 0) + e.d) - (g.credits_posted + coalesce(p.c, 0) + e.c)
                       ELSE (g.credits_posted + coalesce(p.c, 0) + e.c) - (g.debits_posted + coalesce(p.d, 0) + e.d) END) < 0
           LIMIT 1;
          IF short_account IS NOT NULL THEN
            RAISE EXCEPTION 'ledger account % would go below zero', short_account USING ERRCODE = 'SA100', DETAIL = short_account::text;
          END IF;
        END IF;

        -- One statement writes the rest (its snapshot is taken under the locks above):
        --  the postings; for the guarded accounts their deltas folded into the counters with this entry's
        --  change; for every other account a delta appended, without a lock (ledger_fold brings it in later).
        WITH w AS (
               INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
               SELECT entry_id, v.account_id, v.side, v.amount, v.currency
                 FROM unnest(p_accounts, p_sides, p_amounts, p_currencies) WITH ORDINALITY AS v(account_id, side, amount, currency, n)
                ORDER BY v.n
               RETURNING id),
             appended AS (
               INSERT INTO ledger_account_deltas (account_id, debit, credit)
               SELECT e.id, e.d, e.c FROM unnest(ids, debits, credits) AS e(id, d, c)
                WHERE guarded IS NULL OR e.id <> ALL (guarded)),
             folded AS (
               DELETE FROM ledger_account_deltas x WHERE x.account_id = ANY (guarded) RETURNING x.account_id, x.debit, x.credit),
             changed AS (
               UPDATE ledger_accounts a
                  SET debits_posted = a.debits_posted + e.d + coalesce(f.d, 0),
                      credits_posted = a.credits_posted + e.c + coalesce(f.c, 0),
                      version = a.version + 1
                 FROM unnest(ids, debits, credits) AS e(id, d, c)
                 LEFT JOIN (SELECT account_id, sum(debit) AS d, sum(credit) AS c FROM folded GROUP BY account_id) f ON f.account_id = e.id
                WHERE a.id = e.id AND e.id = ANY (guarded))
        SELECT array_agg(w.id ORDER BY w.id) INTO posting_ids FROM w;
        status := 'posted';
      END $$`;

/**
 * Fold the deltas of up to p_limit accounts into their counters; returns
 * how many accounts it folded. Accounts locked by a poster (which folds them
 * itself) or by another folder are skipped, so folders never wait and never
 * make a poster wait for long. Deltas committed after the statement's
 * snapshot stay for the next fold.
 */
const LEDGER_FOLD = `
      CREATE FUNCTION ledger_fold(p_limit int) RETURNS int LANGUAGE sql AS $$
        WITH pending AS (SELECT DISTINCT account_id FROM ledger_account_deltas LIMIT p_limit),
             l AS (SELECT a.id FROM ledger_accounts a WHERE a.id IN (SELECT account_id FROM pending) ORDER BY a.id FOR NO KEY UPDATE SKIP LOCKED),
             f AS (DELETE FROM ledger_account_deltas x USING l WHERE x.account_id = l.id RETURNING x.account_id, x.debit, x.credit),
             s AS (SELECT f.account_id, sum(f.debit) AS d, sum(f.credit) AS c FROM f GROUP BY f.account_id),
             u AS (UPDATE ledger_accounts a
                      SET debits_posted = a.debits_posted + s.d, credits_posted = a.credits_posted + s.c, version = a.version + 1
                     FROM s WHERE a.id = s.account_id
                   RETURNING a.id)
        SELECT count(*)::int FROM u
      $$`;
