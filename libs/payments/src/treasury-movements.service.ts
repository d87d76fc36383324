import { Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MoneyMovementsRepository } from './money-movements.repository';

/** A top-up as a bank statement line may confirm it. */
export interface TopupForStatement {
  id: string;
  bankReference: string;
  /** Minor units. */
  amount: bigint;
  currency: string;
}

/**
 * What finance's treasury needs of top-ups and withdrawals when a bank
 * statement confirms them: the rows are payments', so finance reads and
 * changes them only through here, inside its own transaction (`em`).
 */
@Injectable()
export class TreasuryMovementsService {
  constructor(private readonly repo: MoneyMovementsRepository) {}

  /** The top-ups these bank references name, locked until `em`'s transaction ends. */
  async lockTopupsByBankReference(refs: string[], em: EntityManager): Promise<TopupForStatement[]> {
    const rows = await this.repo.lockTopupsByBankReference(refs, em);
    return rows.map((r) => ({
      id: r.id,
      bankReference: r.bank_reference,
      amount: BigInt(r.amount),
      currency: r.currency,
    }));
  }

  /** Whose wallet each withdrawal came from (a returned payout of a withdrawal goes back there). */
  async consumersOfWithdrawals(ids: string[], em: EntityManager): Promise<Map<string, string>> {
    const rows = await this.repo.consumersOfWithdrawals([...new Set(ids)], em);
    return new Map(rows.map((r) => [r.id, r.consumer_id]));
  }

  /** Withdrawals the bank paid out or sent back. */
  async settleWithdrawals(
    changes: Array<{ id: string; status: 'paid' | 'returned' }>,
    em: EntityManager,
  ): Promise<void> {
    await this.repo.setWithdrawalStatuses(changes, em);
  }
}

/** Only what the treasury needs of payments, with no other dependency than the database (the reconcile CLI loads it alone). */
@Module({
  providers: [MoneyMovementsRepository, TreasuryMovementsService],
  exports: [TreasuryMovementsService],
})
export class TreasuryMovementsModule {}
