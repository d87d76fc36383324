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
}
