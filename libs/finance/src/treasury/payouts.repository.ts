import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type PayoutStatus = 'pending' | 'paid' | 'returned';

export interface PayoutRunRow {
  id: string;
  run_date: string;
  status: 'running' | 'completed';
  operator_id: string | null;
  merchant_payouts: number;
  withdrawal_payouts: number;
  /** The merchant wallets the run set out to pay (null until counted). */
  merchant_wallets: number | null;
  started_at: Date;
  completed_at: Date | null;
}

export interface PayoutRow {
  id: string;
  seq: string;
  run_id: string;
  run_date: string;
  merchant_id: string | null;
  withdrawal_id: string | null;
  consumer_id: string | null;
  amount: string;
  currency: string;
  status: PayoutStatus;
  end_to_end_reference: string;
  entry_id: string;
  settled_entry_id: string | null;
  returned_entry_id: string | null;
  created_at: Date;
  paid_at: Date | null;
  returned_at: Date | null;
}

export interface MerchantAccountRow {
  id: string;
  merchant_id: string;
  currency: string;
  balance: string;
}

export interface NewPayoutRow {
  id: string;
  runId: string;
  merchantId: string;
  amount: bigint;
  currency: string;
  endToEndReference: string;
  entryId: string;
}

type Q = Pick<EntityManager, 'query'>;
/** UPDATE … RETURNING comes back from TypeORM as [rows, count]. */
export const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) && Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]));

const RUN_COLUMNS = `id, run_date::text AS run_date, status, operator_id, merchant_payouts, withdrawal_payouts, merchant_wallets, started_at, completed_at`;
const PAYOUT_COLUMNS = `p.id, p.seq::text AS seq, p.run_id, r.run_date::text AS run_date, p.merchant_id, p.withdrawal_id, w.consumer_id,
  p.amount::text AS amount, p.currency, p.status, p.end_to_end_reference, p.entry_id, p.settled_entry_id, p.returned_entry_id,
  p.created_at, p.paid_at, p.returned_at`;
/** A merchant wallet `a` with a positive balance and no payout yet in the run whose id is `run`. */
const unpaidPositiveWallet = (run: string) => `a.owner_type = 'merchant' AND a.credits_posted > a.debits_posted
  AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.run_id = ${run} AND p.merchant_id = a.owner_id::uuid AND p.currency = a.currency)`;
const PAYOUT_FROM = `payouts p JOIN payout_runs r ON r.id = p.run_id LEFT JOIN withdrawals w ON w.id = p.withdrawal_id`;

/** Payout runs and payouts: all their SQL. */
@Injectable()
export class PayoutsRepository {
  constructor(private readonly ds: DataSource) {}

  private q(em?: EntityManager): Q {
    return em ?? this.ds;
  }

  /** The run of that day, created if there is none (null: it already existed). */
  async claimRun(date: string, operatorId: string | null, em?: EntityManager): Promise<PayoutRunRow | null> {
    const rows: PayoutRunRow[] = await this.q(em).query(
      `INSERT INTO payout_runs (run_date, operator_id) VALUES ($1::date, $2) ON CONFLICT (run_date) DO NOTHING RETURNING ${RUN_COLUMNS}`,
      [date, operatorId],
    );
    return rows[0] ?? null;
  }

  async findRun(date: string, em?: EntityManager): Promise<PayoutRunRow | undefined> {
    const rows: PayoutRunRow[] = await this.q(em).query(
      `SELECT ${RUN_COLUMNS} FROM payout_runs WHERE run_date = $1::date`,
      [date],
    );
    return rows[0];
  }

  async completeRun(runId: string, em: EntityManager): Promise<PayoutRunRow> {
    const r = await em.query(
      `UPDATE payout_runs r
          SET status = 'completed', completed_at = now(),
              merchant_payouts = (SELECT count(*) FROM payouts WHERE run_id = r.id AND merchant_id IS NOT NULL),
              withdrawal_payouts = (SELECT count(*) FROM payouts WHERE run_id = r.id AND withdrawal_id IS NOT NULL)
        WHERE r.id = $1
        RETURNING ${RUN_COLUMNS}`,
      [runId],
    );
    return rowsOf<PayoutRunRow>(r)[0];
  }

  /** How many merchant wallets hold money (for progress lines). */
  /**
   * Count the run's merchant wallets, as it starts or resumes: those it has
   * paid, and those with a positive balance it has not (the filter of
   * merchantAccountsToPay); recorded on the run for its progress.
   */
  async countRunWallets(runId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.ds.query(
      `UPDATE payout_runs r
          SET merchant_wallets = (SELECT count(*) FROM payouts p WHERE p.run_id = r.id AND p.merchant_id IS NOT NULL)
                               + (SELECT count(*) FROM ledger_balances a WHERE ${unpaidPositiveWallet('r.id')})
        WHERE r.id = $1
        RETURNING merchant_wallets AS n`,
      [runId],
    );
    return Number(rowsOf<{ n: number }>(rows)[0].n);
  }

  /** The day's run with its payouts so far (each batch commits its own, so a running run shows its progress). */
  async runProgress(date: string): Promise<PayoutRunRow | undefined> {
    const rows: PayoutRunRow[] = await this.ds.query(
      `SELECT r.id, r.run_date::text AS run_date, r.status, r.operator_id,
              (SELECT count(*)::int FROM payouts p WHERE p.run_id = r.id AND p.merchant_id IS NOT NULL) AS merchant_payouts,
              (SELECT count(*)::int FROM payouts p WHERE p.run_id = r.id AND p.withdrawal_id IS NOT NULL) AS withdrawal_payouts,
              r.merchant_wallets, r.started_at, r.completed_at
         FROM payout_runs r WHERE r.run_date = $1::date`,
      [date],
    );
    return rows[0];
  }

  /**
   * The next merchant wallets with a positive balance and no payout in this
   * run yet, in account id order after `afterId`. Set-based: the balance is
   * the ledger's (stored counters and unfolded deltas), no posting is summed.
   */
  async merchantAccountsToPay(runId: string, afterId: string | null, limit: number): Promise<MerchantAccountRow[]> {
    return this.ds.query(
      `SELECT a.id, a.owner_id AS merchant_id, a.currency, (a.credits_posted - a.debits_posted)::text AS balance
         FROM ledger_balances a
        WHERE ${unpaidPositiveWallet('$1')}
          AND ($2::uuid IS NULL OR a.id > $2::uuid)
        ORDER BY a.id
        LIMIT $3`,
      [runId, afterId, limit],
    );
  }

  /** Merchants (of these) already paid in the run: after a crash and a retry, never twice. */
  async merchantsPaidInRun(runId: string, merchantIds: string[], em: EntityManager): Promise<Set<string>> {
    const rows: Array<{ k: string }> = await em.query(
      `SELECT merchant_id::text || ':' || currency AS k FROM payouts WHERE run_id = $1 AND merchant_id = ANY($2::uuid[])`,
      [runId, merchantIds],
    );
    return new Set(rows.map((r) => r.k));
  }

  async insertMerchantPayouts(rows: NewPayoutRow[], em: EntityManager): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `INSERT INTO payouts (id, run_id, merchant_id, amount, currency, end_to_end_reference, entry_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::char(3)[], $6::text[], $7::uuid[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.runId),
        rows.map((r) => r.merchantId),
        rows.map((r) => r.amount.toString()),
        rows.map((r) => r.currency),
        rows.map((r) => r.endToEndReference),
        rows.map((r) => r.entryId),
      ],
    );
  }

  /**
   * Every pending consumer withdrawal not yet in a run joins this one, with
   * the end-to-end reference it was given at creation. Its money is already
   * in payouts in transit: no posting.
   */
  async joinPendingWithdrawals(runId: string, em: EntityManager): Promise<number> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO payouts (id, run_id, withdrawal_id, amount, currency, end_to_end_reference, entry_id)
       SELECT gen_random_uuid(), $1, w.id, w.amount, w.currency, w.end_to_end_reference, w.entry_id
         FROM withdrawals w
        WHERE w.status = 'pending' AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.withdrawal_id = w.id)
        ORDER BY w.created_at, w.id
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [runId],
    );
    return rows.length;
  }

  async payoutsOfRun(runId: string, em?: EntityManager): Promise<PayoutRow[]> {
    return this.q(em).query(`SELECT ${PAYOUT_COLUMNS} FROM ${PAYOUT_FROM} WHERE p.run_id = $1 ORDER BY p.seq`, [runId]);
  }

  async findPayout(id: string): Promise<PayoutRow | undefined> {
    const rows: PayoutRow[] = await this.ds.query(`SELECT ${PAYOUT_COLUMNS} FROM ${PAYOUT_FROM} WHERE p.id = $1`, [id]);
    return rows[0];
  }

  /** Newest first; the cursor is the last `seq` seen. */
  async list(f: {
    status?: PayoutStatus;
    merchantId?: string;
    date?: string;
    beforeSeq: string | null;
    limit: number;
  }): Promise<PayoutRow[]> {
    return this.ds.query(
      `SELECT ${PAYOUT_COLUMNS} FROM ${PAYOUT_FROM}
        WHERE ($1::text IS NULL OR p.status = $1)
          AND ($2::uuid IS NULL OR p.merchant_id = $2::uuid)
          AND ($3::date IS NULL OR r.run_date = $3::date)
          AND ($4::bigint IS NULL OR p.seq < $4::bigint)
        ORDER BY p.seq DESC
        LIMIT $5`,
      [f.status ?? null, f.merchantId ?? null, f.date ?? null, f.beforeSeq, f.limit],
    );
  }
}
