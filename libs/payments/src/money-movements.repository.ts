import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface TopupRow {
  id: string;
  consumer_id: string;
  amount: string;
  currency: string;
  bank_reference: string;
  operator_id: string;
  entry_id: string;
  created_at: Date;
}

export interface WithdrawalRow {
  id: string;
  consumer_id: string;
  amount: string;
  currency: string;
  status: 'pending' | 'paid' | 'returned';
  end_to_end_reference: string;
  entry_id: string;
  created_at: Date;
}

/** Top-ups and withdrawals: the records beside their ledger entries. */
@Injectable()
export class MoneyMovementsRepository {
  constructor(private readonly ds: DataSource) {}

  async insertTopup(t: Omit<TopupRow, 'created_at'>, em: EntityManager): Promise<TopupRow> {
    const rows: TopupRow[] = await em.query(
      `INSERT INTO topups (id, consumer_id, amount, currency, bank_reference, operator_id, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [t.id, t.consumer_id, t.amount, t.currency, t.bank_reference, t.operator_id, t.entry_id],
    );
    return rows[0];
  }

  async insertWithdrawal(w: Omit<WithdrawalRow, 'created_at' | 'status'>, em: EntityManager): Promise<WithdrawalRow> {
    const rows: WithdrawalRow[] = await em.query(
      `INSERT INTO withdrawals (id, consumer_id, amount, currency, end_to_end_reference, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [w.id, w.consumer_id, w.amount, w.currency, w.end_to_end_reference, w.entry_id],
    );
    return rows[0];
  }

  async withdrawalsOf(consumerId: string): Promise<WithdrawalRow[]> {
    return this.ds.query(`SELECT * FROM withdrawals WHERE consumer_id = $1 ORDER BY created_at DESC`, [consumerId]);
  }

  async topupsOf(consumerId: string): Promise<TopupRow[]> {
    return this.ds.query(`SELECT * FROM topups WHERE consumer_id = $1 ORDER BY created_at DESC`, [consumerId]);
  }

  /** The top-ups these bank references name, locked until the caller's transaction ends (id order). */
  async lockTopupsByBankReference(
    refs: string[],
    em: EntityManager,
  ): Promise<Array<Pick<TopupRow, 'id' | 'bank_reference' | 'amount' | 'currency'>>> {
    if (!refs.length) return [];
    return em.query(
      `SELECT id, bank_reference, amount::text AS amount, currency FROM topups
        WHERE bank_reference = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [refs],
    );
  }

  async consumersOfWithdrawals(ids: string[], em: EntityManager): Promise<Array<{ id: string; consumer_id: string }>> {
    if (!ids.length) return [];
    return em.query(`SELECT id, consumer_id FROM withdrawals WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async setWithdrawalStatuses(
    changes: Array<{ id: string; status: 'paid' | 'returned' }>,
    em: EntityManager,
  ): Promise<void> {
    if (!changes.length) return;
    await em.query(
      `UPDATE withdrawals w SET status = v.status FROM unnest($1::uuid[], $2::text[]) AS v(id, status) WHERE w.id = v.id`,
      [changes.map((c) => c.id), changes.map((c) => c.status)],
    );
  }
}
