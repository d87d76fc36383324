import crypto from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { JsonLogger, pageLimit } from '@saoma/common';
import { inTransaction } from '@saoma/database';
import { LedgerService, PlatformAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { DataSource } from 'typeorm';
import {
  type NewPayoutRow,
  type PayoutRow,
  type PayoutRunRow,
  type PayoutStatus,
  PayoutsRepository,
} from './payouts.repository';
import { TreasuryError, assertTreasuryDay } from './treasury-error';

export interface Payout {
  id: string;
  runId: string;
  runDate: string;
  merchantId: string | null;
  withdrawalId: string | null;
  amount: Money;
  status: PayoutStatus;
  endToEndReference: string;
  createdAt: Date;
  paidAt: Date | null;
  returnedAt: Date | null;
}

export interface PayoutRun {
  id: string;
  date: string;
  status: 'running' | 'completed';
  merchantPayouts: number;
  withdrawalPayouts: number;
  /** The merchant wallets the run set out to pay (null until it has counted them). */
  merchantWallets: number | null;
  startedAt: Date;
  completedAt: Date | null;
}

export interface PayoutRunResult {
  run: PayoutRun;
  payouts: Payout[];
  /** False when the day's run had already been made: its payouts, nothing paid again. */
  created: boolean;
}

export function toPayout(r: PayoutRow): Payout {
  return {
    id: r.id,
    runId: r.run_id,
    runDate: r.run_date,
    merchantId: r.merchant_id,
    withdrawalId: r.withdrawal_id,
    amount: Money.ofMinor(r.amount, r.currency),
    status: r.status,
    endToEndReference: r.end_to_end_reference,
    createdAt: new Date(r.created_at),
    paidAt: r.paid_at ? new Date(r.paid_at) : null,
    returnedAt: r.returned_at ? new Date(r.returned_at) : null,
  };
}

function toRun(r: PayoutRunRow): PayoutRun {
  return {
    id: r.id,
    date: r.run_date,
    status: r.status,
    merchantPayouts: Number(r.merchant_payouts),
    withdrawalPayouts: Number(r.withdrawal_payouts),
    merchantWallets: r.merchant_wallets === null ? null : Number(r.merchant_wallets),
    startedAt: new Date(r.started_at),
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
  };
}

/** The reference the bank carries end to end (ISO 20022 EndToEndId, ≤ 35 characters): `SAOMA-P-<yyyymmdd>-<12 hex of the payout id>`. */
export function payoutEndToEndReference(date: string, payoutId: string): string {
  return `SAOMA-P-${date.replace(/-/g, '')}-${payoutId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

/** The ledger reference of a merchant's payout of one day: posting it twice is impossible. */
export const payoutLedgerReference = (date: string, merchantId: string, currency: string) =>
  `payout:${date}:${merchantId}:${currency}`;

export interface PayoutsOptions {
  /** Merchants per transaction. */
  batchSize?: number;
}

/**
 * Payout runs. One run per day (payout_runs.run_date is unique, and a
 * transaction-scoped PostgreSQL advisory lock on the day makes a concurrent second request wait
 * for the first and then answer with its payouts). Merchants are paid in
 * batches, one transaction each: the batch's wallets and the payouts-in-transit
 * accounts are locked in id order, every positive balance is posted
 * (merchant wallet debit, payouts in transit credit; ledger reference
 * `payout:<date>:<merchant>:<currency>`) and a payout row written with a new
 * end-to-end reference. A run cut short (crash) resumes where it stopped:
 * a merchant already in the run is skipped. Then every pending consumer
 * withdrawal joins the run (its money is already in transit).
 */
@Injectable()
export class PayoutsService {
  private batchSize = 200;

  constructor(
    private readonly ds: DataSource,
    private readonly ledger: LedgerService,
    private readonly repo: PayoutsRepository,
    @Optional() private readonly logger?: JsonLogger,
  ) {}

  /** For tests and scripts: another batch size. */
  withBatchSize(n: number): this {
    this.batchSize = Math.max(1, Math.floor(n));
    return this;
  }

  async run(date: string, operatorId: string | null = null): Promise<PayoutRunResult> {
    assertTreasuryDay(date);
    const lockKey = `saoma:payout-run:${date}`;
    // The day's lock lives in a transaction held open for the run (its
    // batches commit on other connections): a session lock would not survive
    // a transaction-mode pooler, which may hand the unlock to another server
    // connection; a transaction's lock ends with it, even if this process dies.
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [lockKey]);
      const result = await this.runLocked(date, operatorId);
      await qr.commitTransaction();
      return result;
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }

  private async runLocked(date: string, operatorId: string | null): Promise<PayoutRunResult> {
    const claimed = await this.repo.claimRun(date, operatorId);
    const run = claimed ?? (await this.repo.findRun(date));
    if (!run) throw new Error(`payout run ${date} vanished`);
    if (!claimed && run.status === 'completed') {
      return { run: toRun(run), payouts: (await this.repo.payoutsOfRun(run.id)).map(toPayout), created: false };
    }
    if (!claimed) this.log('info', { date, runId: run.id }, 'payout run: resuming a run that did not complete');

    const total = await this.repo.countRunWallets(run.id);
    this.log(
      'info',
      { date, runId: run.id, merchants: total },
      `payout run ${date}: ${total} merchant wallet(s) to pay`,
    );
    let after: string | null = null;
    let done = 0;
    let paid = 0;
    for (;;) {
      const batch = await this.repo.merchantAccountsToPay(run.id, after, this.batchSize);
      if (!batch.length) break;
      after = batch[batch.length - 1].id;
      paid += await this.payBatch(run, date, batch);
      done += batch.length;
      if (total > this.batchSize)
        this.log(
          'info',
          { date, runId: run.id, done, total, paid },
          `payout run ${date}: ${done}/${total} merchant wallets`,
        );
    }
    const completed = await inTransaction(this.ds, async (em) => {
      const joined = await this.repo.joinPendingWithdrawals(run.id, em);
      if (joined)
        this.log(
          'info',
          { date, runId: run.id, withdrawals: joined },
          `payout run ${date}: ${joined} pending withdrawal(s) joined`,
        );
      return this.repo.completeRun(run.id, em);
    });
    this.log(
      'info',
      {
        date,
        runId: run.id,
        merchantPayouts: completed.merchant_payouts,
        withdrawalPayouts: completed.withdrawal_payouts,
      },
      `payout run ${date}: completed`,
    );
    return { run: toRun(completed), payouts: (await this.repo.payoutsOfRun(run.id)).map(toPayout), created: true };
  }

  /** One transaction: lock, read the balances under the lock, post, record. */
  private async payBatch(
    run: PayoutRunRow,
    date: string,
    batch: Array<{ id: string; merchant_id: string; currency: string }>,
  ): Promise<number> {
    const currencies = [...new Set(batch.map((b) => b.currency))];
    const transit = new Map<string, string>();
    for (const c of currencies)
      transit.set(c, (await this.ledger.ensureAccount(PlatformAccount.payoutsInTransit(c))).id);
    return inTransaction(this.ds, async (em) => {
      const locked = await this.ledger.lockAccounts(
        batch.map((b) => b.id),
        em,
      );
      const byId = new Map(locked.map((a) => [a.id, a]));
      const already = await this.repo.merchantsPaidInRun(
        run.id,
        batch.map((b) => b.merchant_id),
        em,
      );
      const rows: NewPayoutRow[] = [];
      for (const b of batch) {
        const a = byId.get(b.id);
        if (!a || a.ownerType !== 'merchant') continue;
        const balance = a.balance.minor;
        if (balance <= 0n || already.has(`${b.merchant_id}:${b.currency}`)) continue;
        const amount = Money.of(balance, a.currency);
        const id = crypto.randomUUID();
        const endToEndReference = payoutEndToEndReference(date, id);
        const { entry } = await this.ledger.post(
          {
            kind: 'payout',
            reference: payoutLedgerReference(date, b.merchant_id, a.currency),
            metadata: { payoutId: id, merchantId: b.merchant_id, runId: run.id, runDate: date, endToEndReference },
            postings: [
              { accountId: a.id, side: 'D', amount },
              { accountId: transit.get(a.currency)!, side: 'C', amount },
            ],
          },
          em,
        );
        rows.push({
          id,
          runId: run.id,
          merchantId: b.merchant_id,
          amount: balance,
          currency: a.currency,
          endToEndReference,
          entryId: entry.id,
        });
      }
      await this.repo.insertMerchantPayouts(rows, em);
      return rows.length;
    });
  }

  async list(f: {
    status?: PayoutStatus;
    merchantId?: string;
    date?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<{ data: Payout[]; nextCursor: string | null }> {
    const limit = pageLimit(f.limit);
    let beforeSeq: string | null = null;
    if (f.cursor) {
      if (!/^[1-9][0-9]{0,17}$/.test(f.cursor)) throw new TreasuryError('invalid_cursor', 'Unknown cursor.');
      beforeSeq = f.cursor;
    }
    const rows = await this.repo.list({
      status: f.status,
      merchantId: f.merchantId,
      date: f.date,
      beforeSeq,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { data: page.map(toPayout), nextCursor: rows.length > limit ? page[page.length - 1].seq : null };
  }

  /** The day's run and how far it has got: the merchant wallets it set out to pay, the payouts made so far. */
  async progress(date: string): Promise<PayoutRun> {
    assertTreasuryDay(date);
    const r = await this.repo.runProgress(date);
    if (!r) throw new TreasuryError('payout_run_not_found', `No payout run for ${date}.`);
    return toRun(r);
  }

  async get(id: string): Promise<Payout | undefined> {
    const r = await this.repo.findPayout(id);
    return r ? toPayout(r) : undefined;
  }

  private log(level: 'info' | 'warn', fields: Record<string, unknown>, msg: string): void {
    this.logger?.event(level, { context: 'Payouts', ...fields }, msg);
  }
}
