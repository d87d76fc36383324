import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CurrencyTotalsRow {
  currency: string;
  debits: string;
  credits: string;
}

export interface DocMismatchRow {
  kind: 'payment' | 'refund';
  id: string;
  reference: string;
  currency: string;
  entry_id: string | null;
  entry_kind: string | null;
  e_consumer: string;
  e_merchant: string;
  e_fee: string;
  e_marketing: string;
  a_consumer: string;
  a_merchant: string;
  a_fee: string;
  a_marketing: string;
  a_other: string;
  other_postings: string;
  total: string;
}

export interface OrphanEntryRow {
  entry_id: string;
  kind: string;
  reference: string;
  effective_at: Date;
  currency: string | null;
  total: string;
}

export interface FundsRow {
  currency: string;
  consumers: string;
  merchants: string;
  bank: string;
  transit: string;
  fee_revenue: string;
  marketing: string;
  other_debit_normal: string;
  other_credit_normal: string;
  pending_payouts: string;
  pending_withdrawals: string;
  pending_count: string;
}

export interface BankDayRow {
  currency: string;
  matched: string;
  unmatched: string;
}

export interface UnmatchedBankLineRow {
  statement_id: string;
  import_id: string;
  line_no: number;
  entry_ref: string | null;
  booking_date: string;
  amount: string;
  currency: string;
  direction: 'credit' | 'debit';
  reversal: boolean;
  reference: string | null;
  counterparty: string | null;
  reason: string;
  total: string;
}

export interface AwaitingPayoutRow {
  id: string;
  run_date: string;
  merchant_id: string | null;
  withdrawal_id: string | null;
  amount: string;
  currency: string;
  end_to_end_reference: string;
  created_at: Date;
  total: string;
  overdue_total: string;
}

export interface ClosingBalanceRow {
  statement_id: string;
  type: string;
  amount: string;
  currency: string;
  date: string;
}

/** How many rows of a list the report prints (the count is always exact). */
export const LIST_LIMIT = 500;

/**
 * The reconciliation's SQL. Every check is one set-based statement (one
 * snapshot each): no rows are walked in Node.
 */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly ds: DataSource) {}

  /** Debits and credits of all postings, per currency. */
  async postingTotals(currency: string | null): Promise<CurrencyTotalsRow[]> {
    return this.ds.query(
      `SELECT currency::text AS currency,
              coalesce(sum(amount) FILTER (WHERE side = 'D'), 0)::text AS debits,
              coalesce(sum(amount) FILTER (WHERE side = 'C'), 0)::text AS credits
         FROM ledger_postings
        WHERE ($1::text IS NULL OR currency = $1)
        GROUP BY currency ORDER BY currency`,
      [currency],
    );
  }

  /**
   * Every payment and refund of the day against the entry its reference
   * names: the net debit its postings put on each role (the consumer's
   * wallet, the merchant's wallet, fee revenue, marketing expense, anything
   * else) must be what the row's amounts say.
   *
   *   payment: consumer D charged; marketing D the platform-funded discount;
   *            merchant C amount − fee − the merchant-funded discount; fee revenue C fee
   *   refund:  merchant D amount − fee back − the merchant-funded discount back; fee revenue D fee back;
   *            consumer C to consumer; marketing C the platform-funded discount back
   */
  async documentMismatches(start: Date, end: Date, currency: string | null): Promise<DocMismatchRow[]> {
    return this.ds.query(
      `WITH docs AS (
         SELECT 'payment'::text AS kind, p.id, 'payment:' || p.id::text AS reference, p.currency::text AS currency,
                p.consumer_id::text AS consumer_id, p.merchant_id::text AS merchant_id,
                p.charged::numeric AS e_consumer,
                (CASE WHEN p.discount_funded_by = 'platform' THEN p.discount ELSE 0 END)::numeric AS e_marketing,
                -(p.amount - p.fee - CASE WHEN p.discount_funded_by = 'merchant' THEN p.discount ELSE 0 END)::numeric AS e_merchant,
                -p.fee::numeric AS e_fee
           FROM payments p
          WHERE p.created_at >= $1 AND p.created_at < $2 AND ($3::text IS NULL OR p.currency = $3)
         UNION ALL
         SELECT 'refund', r.id, 'refund:' || r.id::text, r.currency::text,
                p.consumer_id::text, r.merchant_id::text,
                -r.to_consumer::numeric,
                -(CASE WHEN p.discount_funded_by = 'platform' THEN r.discount_back ELSE 0 END)::numeric,
                (r.amount - r.fee_back - CASE WHEN p.discount_funded_by = 'merchant' THEN r.discount_back ELSE 0 END)::numeric,
                r.fee_back::numeric
           FROM refunds r JOIN payments p ON p.id = r.payment_id
          WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::text IS NULL OR r.currency = $3)
       ),
       roles AS (
         SELECT d.kind, d.id, d.reference, d.currency, d.e_consumer, d.e_merchant, d.e_fee, d.e_marketing,
                e.id AS entry_id, e.kind AS entry_kind, lp.id AS posting_id,
                CASE WHEN lp.side = 'D' THEN lp.amount ELSE -lp.amount END AS net,
                CASE WHEN lp.id IS NULL THEN NULL
                     WHEN a.owner_type = 'consumer' AND a.owner_id = d.consumer_id AND a.currency = d.currency THEN 'consumer'
                     WHEN a.owner_type = 'merchant' AND a.owner_id = d.merchant_id AND a.currency = d.currency THEN 'merchant'
                     WHEN a.code = 'platform:fee_revenue:' || d.currency THEN 'fee'
                     WHEN a.code = 'platform:marketing_expense:' || d.currency THEN 'marketing'
                     ELSE 'other' END AS role
           FROM docs d
           LEFT JOIN ledger_entries e ON e.reference = d.reference AND e.status = 'posted'
           LEFT JOIN ledger_postings lp ON lp.entry_id = e.id
           LEFT JOIN ledger_accounts a ON a.id = lp.account_id
       ),
       sums AS (
         SELECT kind, id, reference, currency, e_consumer, e_merchant, e_fee, e_marketing, entry_id, entry_kind,
                coalesce(sum(net) FILTER (WHERE role = 'consumer'), 0) AS a_consumer,
                coalesce(sum(net) FILTER (WHERE role = 'merchant'), 0) AS a_merchant,
                coalesce(sum(net) FILTER (WHERE role = 'fee'), 0) AS a_fee,
                coalesce(sum(net) FILTER (WHERE role = 'marketing'), 0) AS a_marketing,
                coalesce(sum(net) FILTER (WHERE role = 'other'), 0) AS a_other,
                count(*) FILTER (WHERE role = 'other') AS other_postings
           FROM roles
          GROUP BY kind, id, reference, currency, e_consumer, e_merchant, e_fee, e_marketing, entry_id, entry_kind
       )
       SELECT kind, id, reference, currency, entry_id, entry_kind,
              e_consumer::text, e_merchant::text, e_fee::text, e_marketing::text,
              a_consumer::text, a_merchant::text, a_fee::text, a_marketing::text, a_other::text, other_postings::text,
              count(*) OVER ()::text AS total
         FROM sums
        WHERE entry_id IS NULL OR entry_kind <> kind
           OR a_consumer <> e_consumer OR a_merchant <> e_merchant OR a_fee <> e_fee OR a_marketing <> e_marketing
           OR other_postings > 0
        ORDER BY kind, id
        LIMIT ${LIST_LIMIT}`,
      [start, end, currency],
    );
  }

  /**
   * Entries of kind payment or refund effective that day whose reference
   * names no payment or refund: money that moved behind the service's back.
   */
  async orphanEntries(start: Date, end: Date, currency: string | null): Promise<OrphanEntryRow[]> {
    return this.ds.query(
      `WITH ents AS (
         SELECT e.id, e.kind, e.reference, e.effective_at FROM ledger_entries e
          WHERE e.kind IN ('payment', 'refund') AND e.status = 'posted' AND e.effective_at >= $1 AND e.effective_at < $2
       ),
       docs AS (
         SELECT 'payment:' || p.id::text AS reference FROM payments p WHERE p.created_at >= $1 AND p.created_at < $2
         UNION ALL
         SELECT 'refund:' || r.id::text FROM refunds r WHERE r.created_at >= $1 AND r.created_at < $2
       ),
       leftover AS (
         SELECT e.* FROM ents e WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.reference = e.reference)
       ),
       orphans AS (
         SELECT l.* FROM leftover l
          WHERE NOT (CASE
            WHEN l.kind = 'payment' AND l.reference ~ '^payment:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN EXISTS (SELECT 1 FROM payments p WHERE p.id = substr(l.reference, 9)::uuid)
            WHEN l.kind = 'refund' AND l.reference ~ '^refund:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN EXISTS (SELECT 1 FROM refunds r WHERE r.id = substr(l.reference, 8)::uuid)
            ELSE false END)
       )
       SELECT o.id AS entry_id, o.kind, o.reference, o.effective_at,
              (SELECT min(lp.currency)::text FROM ledger_postings lp WHERE lp.entry_id = o.id) AS currency,
              count(*) OVER ()::text AS total
         FROM orphans o
        WHERE $3::text IS NULL OR EXISTS (SELECT 1 FROM ledger_postings lp WHERE lp.entry_id = o.id AND lp.currency = $3)
        ORDER BY o.effective_at, o.id
        LIMIT ${LIST_LIMIT}`,
      [start, end, currency],
    );
  }

  /**
   * Safeguarding, per currency, from the stored balances (what every wallet
   * shows), with the payouts and withdrawals awaiting the bank in the same
   * snapshot.
   */
  async funds(currency: string | null): Promise<FundsRow[]> {
    return this.ds.query(
      `WITH acc AS (
         SELECT a.currency::text AS currency,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type = 'consumer'), 0) AS consumers,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type = 'merchant'), 0) AS merchants,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.code = 'platform:bank:' || a.currency), 0) AS bank,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = 'platform:payouts_in_transit:' || a.currency), 0) AS transit,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = 'platform:fee_revenue:' || a.currency), 0) AS fee_revenue,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.code = 'platform:marketing_expense:' || a.currency), 0) AS marketing,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.owner_type IS DISTINCT FROM 'consumer' AND a.owner_type IS DISTINCT FROM 'merchant'
                     AND a.code NOT IN ('platform:bank:' || a.currency, 'platform:payouts_in_transit:' || a.currency, 'platform:fee_revenue:' || a.currency, 'platform:marketing_expense:' || a.currency)
                     AND a.type IN ('asset', 'expense')), 0) AS other_debit_normal,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type IS DISTINCT FROM 'consumer' AND a.owner_type IS DISTINCT FROM 'merchant'
                     AND a.code NOT IN ('platform:bank:' || a.currency, 'platform:payouts_in_transit:' || a.currency, 'platform:fee_revenue:' || a.currency, 'platform:marketing_expense:' || a.currency)
                     AND a.type NOT IN ('asset', 'expense')), 0) AS other_credit_normal
           FROM ledger_accounts a
          WHERE $1::text IS NULL OR a.currency = $1
          GROUP BY a.currency
       ),
       pend AS (
         SELECT currency::text AS currency,
                coalesce(sum(amount) FILTER (WHERE src = 'payout'), 0) AS pending_payouts,
                coalesce(sum(amount) FILTER (WHERE src = 'withdrawal'), 0) AS pending_withdrawals,
                count(*) AS pending_count
           FROM (SELECT 'payout' AS src, currency, amount FROM payouts WHERE status = 'pending' AND merchant_id IS NOT NULL
                 UNION ALL
                 SELECT 'withdrawal', currency, amount FROM withdrawals WHERE status = 'pending') x
          WHERE $1::text IS NULL OR currency = $1
          GROUP BY currency
       )
       SELECT coalesce(acc.currency, pend.currency) AS currency,
              coalesce(consumers, 0)::text AS consumers, coalesce(merchants, 0)::text AS merchants, coalesce(bank, 0)::text AS bank,
              coalesce(transit, 0)::text AS transit, coalesce(fee_revenue, 0)::text AS fee_revenue, coalesce(marketing, 0)::text AS marketing,
              coalesce(other_debit_normal, 0)::text AS other_debit_normal, coalesce(other_credit_normal, 0)::text AS other_credit_normal,
              coalesce(pending_payouts, 0)::text AS pending_payouts, coalesce(pending_withdrawals, 0)::text AS pending_withdrawals,
              coalesce(pending_count, 0)::text AS pending_count
         FROM acc FULL JOIN pend ON pend.currency = acc.currency
        ORDER BY 1`,
      [currency],
    );
  }

  async bankDay(date: string, currency: string | null): Promise<BankDayRow[]> {
    return this.ds.query(
      `SELECT currency::text AS currency, count(*) FILTER (WHERE status = 'matched')::text AS matched, count(*) FILTER (WHERE status = 'unmatched')::text AS unmatched
         FROM bank_statement_lines
        WHERE booking_date = $1::date AND ($2::text IS NULL OR currency = $2)
        GROUP BY currency ORDER BY currency`,
      [date, currency],
    );
  }

  async unmatchedBankLines(date: string, currency: string | null): Promise<UnmatchedBankLineRow[]> {
    return this.ds.query(
      `SELECT s.statement_id, s.id AS import_id, l.line_no, l.entry_ref, l.booking_date::text AS booking_date, l.amount::text AS amount, l.currency::text AS currency,
              l.direction, l.reversal, l.reference, l.counterparty, l.reason, count(*) OVER ()::text AS total
         FROM bank_statement_lines l JOIN bank_statements s ON s.id = l.statement_id
        WHERE l.booking_date = $1::date AND l.status = 'unmatched' AND ($2::text IS NULL OR l.currency = $2)
        ORDER BY s.imported_at, s.id, l.line_no
        LIMIT ${LIST_LIMIT}`,
      [date, currency],
    );
  }

  /** Payouts of runs up to that day that no statement line has confirmed yet. */
  async awaitingBank(date: string, currency: string | null): Promise<AwaitingPayoutRow[]> {
    return this.ds.query(
      `SELECT p.id, r.run_date::text AS run_date, p.merchant_id, p.withdrawal_id, p.amount::text AS amount, p.currency::text AS currency,
              p.end_to_end_reference, p.created_at, count(*) OVER ()::text AS total,
              (count(*) FILTER (WHERE r.run_date < $1::date) OVER ())::text AS overdue_total
         FROM payouts p JOIN payout_runs r ON r.id = p.run_id
        WHERE p.status = 'pending' AND r.run_date <= $1::date AND ($2::text IS NULL OR p.currency = $2)
        ORDER BY r.run_date, p.seq
        LIMIT ${LIST_LIMIT}`,
      [date, currency],
    );
  }

  /** The latest closing booked balance (camt.053 CLBD) the bank reported on or before that day, per currency. */
  async closingBalances(date: string, currency: string | null): Promise<ClosingBalanceRow[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (b->>'currency') s.statement_id, b->>'type' AS type, b->>'amount' AS amount, b->>'currency' AS currency, b->>'date' AS date
         FROM bank_statements s CROSS JOIN LATERAL jsonb_array_elements(s.balances) b
        WHERE b->>'type' = 'CLBD' AND b->>'date' IS NOT NULL AND (b->>'date') <= $1 AND ($2::text IS NULL OR b->>'currency' = $2)
        ORDER BY b->>'currency', b->>'date' DESC, s.imported_at DESC`,
      [date, currency],
    );
  }
}
