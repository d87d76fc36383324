import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payout run's size, for its progress: how many merchant wallets it set
 * out to pay (counted when it starts or resumes; NULL before). The payouts
 * made so far are counted from `payouts`, which each batch writes in its
 * own transaction.
 */
export class PayoutRunProgress1764900000000 implements MigrationInterface {
  name = 'PayoutRunProgress1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payout_runs ADD COLUMN merchant_wallets int`);
    await q.query(
      `ALTER TABLE payout_runs ADD CONSTRAINT ck_payout_runs_merchant_wallets CHECK (merchant_wallets IS NULL OR merchant_wallets >= 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payout_runs DROP CONSTRAINT ck_payout_runs_merchant_wallets`);
    await q.query(`ALTER TABLE payout_runs DROP COLUMN merchant_wallets`);
  }
}
