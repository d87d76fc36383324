import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_CHECK_ENTRY_V1, LEDGER_CHECK_POSTING_V1 } from './1764100000000-ledger.migration';

/**
 * An entry's balance is checked once, at commit, by a deferred constraint
 * trigger. A transaction may run that check early (SET CONSTRAINTS ...
 * IMMEDIATE) and then add postings to the entry, which nothing would check
 * again. From now on the check records each entry it has passed in a
 * transaction-local setting, and a posting for such an entry is refused:
 * whatever order a transaction chooses, every posting of an entry is in the
 * sums its check saw.
 */
export class LedgerCheckedEntries1764800000000 implements MigrationInterface {
  name = 'LedgerCheckedEntries1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
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
        -- checked: no further posting may join this entry in this transaction
        PERFORM set_config('saoma.checked_ledger_entries', coalesce(current_setting('saoma.checked_ledger_entries', true), '') || NEW.id::text || ' ', true);
        RETURN NULL;
      END $$`);
    // the same check as before, after one look at the entries already checked (one trigger per posting, as before)
    await q.query(`
      CREATE OR REPLACE FUNCTION ledger_check_posting() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        x xid;
        top bigint;
        fx bigint;
        mine boolean := false;
      BEGIN
        IF strpos(coalesce(current_setting('saoma.checked_ledger_entries', true), ''), NEW.entry_id::text) > 0 THEN
          RAISE EXCEPTION 'posting for ledger entry % refused: the entry''s balance has already been checked', NEW.entry_id
            USING ERRCODE = 'SA003';
        END IF;
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
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(LEDGER_CHECK_POSTING_V1);
    await q.query(LEDGER_CHECK_ENTRY_V1);
  }
}
