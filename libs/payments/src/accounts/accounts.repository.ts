import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What an account closure must wait for, from the payments side. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Withdrawals of the consumer's still on their way to its bank. */
  async pendingWithdrawals(consumerId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.ds.query(
      `SELECT count(*)::int AS n FROM withdrawals WHERE consumer_id = $1 AND status = 'pending'`,
      [consumerId],
    );
    return rows[0].n;
  }

  /** Every pack of the consumer's stops working (a new PIN, a closure). */
  async deleteAllPacks(consumerId: string): Promise<void> {
    await this.ds.query(
      `UPDATE payment_code_packs SET deleted_at = now() WHERE consumer_id = $1 AND deleted_at IS NULL`,
      [consumerId],
    );
  }
}
