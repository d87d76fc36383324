import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finance reports. The journal export walks ledger_entries in (effective_at, id)
 * keyset order; with an index on effective_at alone, entries that share a
 * timestamp (a bulk load, one transaction's now()) would be sorted again for
 * every batch. This index serves the keyset directly.
 */
export class FinanceReports1764700000000 implements MigrationInterface {
  name = 'FinanceReports1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_ledger_entries_effective_at_id ON ledger_entries (effective_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_ledger_entries_effective_at_id`);
  }
}
