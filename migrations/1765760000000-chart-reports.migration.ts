import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chart reports. The finance console's volume of a day reads the day's
 * top-ups and withdrawals by their creation time, as it reads payments
 * (ix_payments_created) and refunds (ix_refunds_created): without these
 * indexes, every look at one day would read both tables whole.
 */
export class ChartReports1765760000000 implements MigrationInterface {
  name = 'ChartReports1765760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_topups_created ON topups (created_at)`);
    await q.query(`CREATE INDEX ix_withdrawals_created ON withdrawals (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_withdrawals_created`);
    await q.query(`DROP INDEX ix_topups_created`);
  }
}
