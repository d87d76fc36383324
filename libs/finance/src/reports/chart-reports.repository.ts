import { Injectable } from '@nestjs/common';
import { AccountCodeSql } from '@saoma/ledger';
import { ReadDatabase, sqlState } from '@saoma/database';
import { FinanceReportsError } from './finance-reports-error';

/*
 * The chart reports' SQL. Each report is ONE set-based statement (one
 * snapshot), read from the replica when there is one. Amounts are sums of
 * bigint minor units, returned as text: they never pass through a JS number.
 */

/** One bucket (an hour or a day) of a merchant's payments and refunds. */
export interface MerchantBucketRow {
  /** The hour 0..23 (hourly) or the day YYYY-MM-DD (daily). */
  bucket: number | string;
  currency: string;
  payments: string;
  amount: string;
  fees: string;
  refunds: string;
  refunded: string;
}

export interface CurrencyVolumeRow {
  currency: string;
  payments: string;
  payment_amount: string;
  refunds: string;
  refund_amount: string;
  topups: string;
  topup_amount: string;
  withdrawals: string;
  withdrawal_amount: string;
}

/** One UTC day's end-of-day balances, each on the side the platform reads it (see safeguarding()). */
export interface SafeguardingDayRow {
  date: string;
  consumers: string;
  merchants: string;
  held_for_people: string;
  in_transit: string;
  bank: string;
  own: string;
}

const CODE = AccountCodeSql;

/**
 * The role of a ledger account `a` (of the currency asked) in the
 * safeguarding position: 1 consumer wallets, 2 merchant wallets, 3 money held
 * for people (transfers and red envelopes in transit), 4 payouts and
 * withdrawals in transit, 5 the bank, 6 everything else (the platform's own
 * result: fee revenue, marketing expense, any other account).
 */
const ROLE = `CASE WHEN a.owner_type = 'consumer' THEN 1
                   WHEN a.owner_type = 'merchant' THEN 2
                   WHEN a.code IN (${CODE.transfersInTransit('$1::text')}, ${CODE.envelopesInTransit('$1::text')}) THEN 3
                   WHEN a.code = ${CODE.payoutsInTransit('$1::text')} THEN 4
                   WHEN a.code = ${CODE.bank('$1::text')} THEN 5
                   ELSE 6 END`;

/** PostgreSQL's "time zone not recognized" (22023 invalid_parameter_value). */
function isUnknownTimeZone(err: unknown): boolean {
  return sqlState(err) === '22023' && /time zone/i.test(err instanceof Error ? err.message : '');
}

/**
 * Indexes used: ix_payments_merchant_created and ix_refunds_merchant_created
 * (a merchant's period); ix_payments_created, ix_refunds_created,
 * ix_topups_created, ix_withdrawals_created (a day's volume);
 * ix_ledger_entries_effective_at_id then ix_ledger_postings_entry and
 * pk_ledger_accounts (the postings since the first day of the safeguarding
 * window).
 */
@Injectable()
export class ChartReportsRepository {
  constructor(private readonly read: ReadDatabase) {}

  private async query<T>(sql: string, params: unknown[], tz?: string): Promise<T[]> {
    try {
      return await this.read.source.query<T[]>(sql, params);
    } catch (err) {
      if (tz !== undefined && isUnknownTimeZone(err))
        throw new FinanceReportsError('invalid_time_zone', `the database does not know the time zone ${tz}`);
      throw err;
    }
  }

  /**
   * The merchant's payments and refunds of days `first`..`last` (local days in
   * `tz`, both included), in buckets of the local hour (`hour`: 24 rows, 0..23,
   * of the single day `first` = `last`) or of the local day (`day`: one row per
   * day, oldest first). Empty buckets are zeros. No row at all: no such merchant.
   *
   * A payment counts in the bucket of its `created_at`; a refund in the bucket
   * of its own `created_at` (of a payment of any time). `fees` are the fees of
   * the bucket's payments less the fees its refunds gave back. On a day when
   * the clocks go back, the repeated hour's payments add up in that one hour;
   * on a day they go forward, the skipped hour is zeros.
   */
  async merchantBuckets(
    merchantId: string,
    tz: string,
    first: string,
    last: string,
    by: 'hour' | 'day',
  ): Promise<MerchantBucketRow[]> {
    const key = (col: string) =>
      by === 'hour' ? `extract(hour FROM ${col} AT TIME ZONE $2)::int` : `(${col} AT TIME ZONE $2)::date`;
    const buckets =
      by === 'hour'
        ? `SELECT h AS bucket FROM generate_series(0, 23) h`
        : `SELECT $3::date + i AS bucket FROM generate_series(0, $4::date - $3::date) i`;
    return this.query<MerchantBucketRow>(
      `WITH m AS (
         SELECT id, currency, ($3::date::timestamp AT TIME ZONE $2) AS s, (($4::date + 1)::timestamp AT TIME ZONE $2) AS e
           FROM merchants WHERE id = $1
       ), p AS (
         SELECT ${key('x.created_at')} AS bucket, count(*) AS n, sum(x.amount) AS amount, sum(x.fee) AS fee
           FROM m JOIN payments x ON x.merchant_id = m.id AND x.created_at >= m.s AND x.created_at < m.e AND x.currency = m.currency
          GROUP BY 1
       ), r AS (
         SELECT ${key('x.created_at')} AS bucket, count(*) AS n, sum(x.amount) AS amount, sum(x.fee_back) AS fee_back
           FROM m JOIN refunds x ON x.merchant_id = m.id AND x.created_at >= m.s AND x.created_at < m.e AND x.currency = m.currency
          GROUP BY 1
       )
       SELECT ${by === 'hour' ? 'g.bucket' : 'g.bucket::text'} AS bucket, m.currency::text AS currency,
              coalesce(p.n, 0)::text AS payments, coalesce(p.amount, 0)::text AS amount,
              (coalesce(p.fee, 0) - coalesce(r.fee_back, 0))::text AS fees,
              coalesce(r.n, 0)::text AS refunds, coalesce(r.amount, 0)::text AS refunded
         FROM m CROSS JOIN (${buckets}) g
         LEFT JOIN p ON p.bucket = g.bucket
         LEFT JOIN r ON r.bucket = g.bucket
        ORDER BY g.bucket`,
      [merchantId, tz, first, last],
      tz,
    );
  }

  /**
   * Per currency, the payments, refunds, top-ups and withdrawals created in
   * `[start, end)`: how many and their amounts (a payment's gross amount, a
   * refund's amount, whatever became of a withdrawal since). Currencies with
   * none of them have no row.
   */
  async volume(start: Date, end: Date): Promise<CurrencyVolumeRow[]> {
    return this.query<CurrencyVolumeRow>(
      `WITH x AS (
         SELECT currency, 1 AS k, amount FROM payments WHERE created_at >= $1 AND created_at < $2
         UNION ALL
         SELECT currency, 2, amount FROM refunds WHERE created_at >= $1 AND created_at < $2
         UNION ALL
         SELECT currency, 3, amount FROM topups WHERE created_at >= $1 AND created_at < $2
         UNION ALL
         SELECT currency, 4, amount FROM withdrawals WHERE created_at >= $1 AND created_at < $2
       )
       SELECT currency::text AS currency,
              count(*) FILTER (WHERE k = 1)::text AS payments,
              coalesce(sum(amount) FILTER (WHERE k = 1), 0)::text AS payment_amount,
              count(*) FILTER (WHERE k = 2)::text AS refunds,
              coalesce(sum(amount) FILTER (WHERE k = 2), 0)::text AS refund_amount,
              count(*) FILTER (WHERE k = 3)::text AS topups,
              coalesce(sum(amount) FILTER (WHERE k = 3), 0)::text AS topup_amount,
              count(*) FILTER (WHERE k = 4)::text AS withdrawals,
              coalesce(sum(amount) FILTER (WHERE k = 4), 0)::text AS withdrawal_amount
         FROM x GROUP BY currency ORDER BY currency`,
      [start, end],
    );
  }

  /**
   * The safeguarding position at the end of each UTC day `first`..`last`, in
   * one snapshot: for each role of ROLE, the balance at the end of a day is
   * the balance just before `first` plus the cumulative sum (a window
   * function) of the day-by-day net postings of entries effective from
   * `first` on, by the entry's effective_at. The balance before `first` is
   * today's balance (ledger_balances, the counters the reconciliation reads
   * and checks against the postings) less every posting of an entry effective
   * from `first` on, so only the window's postings are read, never the whole
   * history. Wallets, in-transit accounts and the platform's own result are
   * read credits − debits; the bank debits − credits.
   */
  async safeguarding(currency: string, first: string, last: string): Promise<SafeguardingDayRow[]> {
    return this.query<SafeguardingDayRow>(
      `WITH now_bal AS (
         SELECT ${ROLE} AS role, sum(a.credits_posted - a.debits_posted) AS bal
           FROM ledger_balances a WHERE a.currency = $1
          GROUP BY 1
       ), moves AS (
         SELECT (e.effective_at AT TIME ZONE 'UTC')::date AS day, ${ROLE} AS role,
                sum(CASE WHEN lp.side = 'C' THEN lp.amount ELSE -lp.amount END) AS net
           FROM ledger_entries e
           JOIN ledger_postings lp ON lp.entry_id = e.id
           JOIN ledger_accounts a ON a.id = lp.account_id
          WHERE e.effective_at >= ($2::date::timestamp AT TIME ZONE 'UTC') AND e.status = 'posted' AND lp.currency = $1
          GROUP BY 1, 2
       ), roles AS (
         SELECT r AS role FROM generate_series(1, 6) r
       ), opening AS (
         SELECT roles.role, coalesce(n.bal, 0) - coalesce((SELECT sum(m.net) FROM moves m WHERE m.role = roles.role), 0) AS bal
           FROM roles LEFT JOIN now_bal n ON n.role = roles.role
       ), days AS (
         SELECT $2::date + i AS day FROM generate_series(0, $3::date - $2::date) i
       ), closing AS (
         SELECT d.day, o.role,
                o.bal + sum(coalesce(m.net, 0)) OVER (PARTITION BY o.role ORDER BY d.day) AS bal
           FROM days d CROSS JOIN opening o
           LEFT JOIN moves m ON m.day = d.day AND m.role = o.role
       )
       SELECT day::text AS date,
              sum(bal) FILTER (WHERE role = 1)::text AS consumers,
              sum(bal) FILTER (WHERE role = 2)::text AS merchants,
              sum(bal) FILTER (WHERE role = 3)::text AS held_for_people,
              sum(bal) FILTER (WHERE role = 4)::text AS in_transit,
              (-sum(bal) FILTER (WHERE role = 5))::text AS bank,
              sum(bal) FILTER (WHERE role = 6)::text AS own
         FROM closing GROUP BY day ORDER BY day`,
      [currency, first, last],
    );
  }
}
