import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_CHECK_ENTRY_BODY } from './1764100000000-ledger.migration';

/**
 * A digest of each entry's content, written with the entry and checked by
 * the database at commit: postings_digest = Σ over the entry's postings of
 * ledger_posting_hash(ledger_entry_seed(kind, reference), account id,
 * signed amount) (debit positive), summed as numeric so that it never
 * overflows. Postings are immutable once committed, so a digest that passed
 * the commit check stays equal to its postings: a reader that needs the
 * content of a million entries (the daily reconciliation) sums the digests
 * of the entries instead of joining their postings.
 *
 * The account enters by its id, not its code: the commit-time check then
 * reads nothing but the entry's postings. (Reading the code would mean
 * reading account rows that concurrent posters keep updating, which cost
 * about a tenth of the ledger's throughput in `npm run bench:ledger`.)
 *
 * NULL means "no digest" (entries written before this migration, or by a
 * writer that does not compute one): readers fall back to the postings.
 * Nothing is rewritten here, the journal stays untouched.
 */
export class LedgerDigest1764800000000 implements MigrationInterface {
  name = 'LedgerDigest1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // Plain SQL bodies, so that the planner inlines them into the queries that hash a million rows;
    // two steps, so that a reader computes an entry's seed once, not once per posting.
    await q.query(`
      CREATE FUNCTION ledger_entry_seed(kind text, reference text) RETURNS bigint
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT hashtextextended(reference, hashtextextended(kind, 0)) $$`);
    await q.query(`
      CREATE FUNCTION ledger_posting_hash(seed bigint, account_id uuid, net bigint) RETURNS bigint
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT hashint8extended(net, uuid_hash_extended(account_id, seed)) $$`);
    // The digest of postings about to be written, for the writer to store with the entry. PL/pgSQL, so
    // that its query is planned once per session rather than within every INSERT that calls it.
    await q.query(`
      CREATE FUNCTION ledger_postings_digest(entry_kind text, entry_reference text, account_ids uuid[], nets bigint[]) RETURNS numeric
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        seed bigint := ledger_entry_seed(entry_kind, entry_reference);
      BEGIN
        RETURN (SELECT sum(ledger_posting_hash(seed, v.account_id, v.net)) FROM unnest(account_ids, nets) AS v(account_id, net));
      END $$`);
    await q.query(`ALTER TABLE ledger_entries ADD COLUMN postings_digest numeric`);
    await q.query(`
      ALTER TABLE ledger_entries ADD CONSTRAINT ck_ledger_entries_digest
      CHECK (postings_digest IS NULL OR status = 'posted')`);
    // One pass over the entry's postings for all of it (the one-sided currency check included: this runs for every entry).
    await q.query(`
      CREATE OR REPLACE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        n int;
        bad text;
        one_sided boolean;
        digest numeric;
        seed bigint := ledger_entry_seed(NEW.kind, NEW.reference);
      BEGIN
        SELECT count(*), string_agg(CASE WHEN d <> c THEN currency || ' debits ' || d || ' credits ' || c END, ', '), bool_or(d IS NULL OR c IS NULL), sum(h)
          INTO n, bad, one_sided, digest
          FROM (SELECT p.currency, sum(p.amount) FILTER (WHERE p.side = 'D') AS d, sum(p.amount) FILTER (WHERE p.side = 'C') AS c,
                       sum(ledger_posting_hash(seed, p.account_id, CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END)) AS h
                  FROM ledger_postings p
                 WHERE p.entry_id = NEW.id GROUP BY p.currency) s;
        IF NEW.status = 'refused' AND n > 0 THEN
          RAISE EXCEPTION 'ledger entry % is refused but has postings', NEW.id USING ERRCODE = 'SA002';
        END IF;
        IF NEW.status = 'posted' AND n = 0 THEN
          RAISE EXCEPTION 'ledger entry % has no postings', NEW.id USING ERRCODE = 'SA002';
        END IF;
        IF bad IS NOT NULL OR one_sided THEN
          RAISE EXCEPTION 'ledger entry % is unbalanced: %', NEW.id, coalesce(bad, 'a currency with one side only') USING ERRCODE = 'SA002';
        END IF;
        IF NEW.postings_digest IS NOT NULL AND NEW.postings_digest IS DISTINCT FROM digest THEN
          RAISE EXCEPTION 'ledger entry % has a digest that does not match its postings', NEW.id USING ERRCODE = 'SA002';
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS ${LEDGER_CHECK_ENTRY_BODY}`,
    );
    await q.query(`ALTER TABLE ledger_entries DROP CONSTRAINT ck_ledger_entries_digest`);
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN postings_digest`);
    await q.query(`DROP FUNCTION ledger_postings_digest(text, text, uuid[], bigint[])`);
    await q.query(`DROP FUNCTION ledger_posting_hash(bigint, uuid, bigint)`);
    await q.query(`DROP FUNCTION ledger_entry_seed(text, text)`);
  }
}
