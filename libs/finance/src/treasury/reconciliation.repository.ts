import { Injectable } from '@nestjs/common';
import { AccountCodeSql } from '@saoma/ledger';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PAYMENT_RULE,
  REFUND_RULE,
  ruleNetDebitSql,
  type PaymentField,
  type RefundField,
  type Role,
} from '@saoma/payments';
import type { BankLineRow } from './bank-statements.repository';

export interface MismatchCandidateRow {
  /** 1 payment, 2 refund (of the row; for an entry without a row, null). */
  kind: number | null;
  id: string | null;
  entry_id: string | null;
  total: string;
}

/** The content of a day's rows or entries: how many, and the sum of their postings' hashes (both as decimal strings). */
export interface Fingerprint {
  n: string;
  fp: string;
}

export interface LedgerMismatchRow {
  problem: 'missing_entry' | 'wrong_kind' | 'amounts_differ' | 'orphan_entry';
  /** payment or refund: the row's kind, or for an orphan the entry's. */
  kind: string;
  /** The payment or refund id; null for an orphan entry. */
  id: string | null;
  reference: string;
  currency: string | null;
  entry_id: string | null;
  entry_kind: string | null;
  effective_at: Date | null;
  e_consumer: string | null;
  e_merchant: string | null;
  e_fee: string | null;
  e_marketing: string | null;
  a_consumer: string;
  a_merchant: string;
  a_fee: string;
  a_marketing: string;
  a_other: string;
  other_postings: string;
  /** Postings of the entry, and how many the row's amounts call for (one per non-zero role). */
  postings: number;
  expected_postings: number | null;
}

export interface FundsRow {
  currency: string;
  consumers: string;
  merchants: string;
  bank: string;
  transit: string;
  fee_revenue: string;
  marketing: string;
  /** Held for people: transfers waiting for a phone, envelopes not yet claimed or returned. */
  transfers_transit: string;
  envelopes_transit: string;
  other_debit_normal: string;
  other_credit_normal: string;
  pending_payouts: string;
  pending_withdrawals: string;
  pending_count: string;
  /** Transfers waiting for their phone; envelope shares neither claimed nor returned. */
  pending_transfers: string;
  unclaimed_envelopes: string;
  /** Sums of the stored counters of all accounts in the currency. */
  stored_debits: string;
  stored_credits: string;
}

export interface BankDayRow {
  currency: string;
  matched: string;
  unmatched: string;
}

export interface UnmatchedBankLineRow extends Pick<
  BankLineRow,
  | 'line_no'
  | 'entry_ref'
  | 'booking_date'
  | 'amount'
  | 'currency'
  | 'direction'
  | 'reversal'
  | 'reference'
  | 'counterparty'
> {
  statement_id: string;
  import_id: string;
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

const CODE = AccountCodeSql;
/** The codes of the platform's four accounts of a currency, for an IN list. */
const PLATFORM_CODES = (currency: string) =>
  [
    CODE.bank(currency),
    CODE.payoutsInTransit(currency),
    CODE.feeRevenue(currency),
    CODE.marketingExpense(currency),
    CODE.transfersInTransit(currency),
    CODE.envelopesInTransit(currency),
  ].join(', ');

/** Postings on an account that is none of a payment's or refund's roles. */
const OTHER = `(a.owner_type IS DISTINCT FROM 'consumer' AND a.owner_type IS DISTINCT FROM 'merchant'
                  AND a.code NOT LIKE ${CODE.like.feeRevenue} AND a.code NOT LIKE ${CODE.like.marketingExpense})`;
const NET = `CASE WHEN lp.side = 'D' THEN lp.amount ELSE -lp.amount END`;
/** Per entry: the net debit by role, whose wallets, which currencies (grouped by the entry). */
const ROLE_SUMS = `
  sum(${NET}) FILTER (WHERE a.owner_type = 'consumer') AS c_net,
  min(a.owner_id) FILTER (WHERE a.owner_type = 'consumer') AS c_min,
  max(a.owner_id) FILTER (WHERE a.owner_type = 'consumer') AS c_max,
  sum(${NET}) FILTER (WHERE a.owner_type = 'merchant') AS m_net,
  min(a.owner_id) FILTER (WHERE a.owner_type = 'merchant') AS m_min,
  max(a.owner_id) FILTER (WHERE a.owner_type = 'merchant') AS m_max,
  sum(${NET}) FILTER (WHERE a.code LIKE ${CODE.like.feeRevenue}) AS f_net,
  sum(${NET}) FILTER (WHERE a.code LIKE ${CODE.like.marketingExpense}) AS k_net,
  sum(${NET}) FILTER (WHERE ${OTHER}) AS o_net,
  count(*) FILTER (WHERE ${OTHER}) AS o_count,
  min(lp.currency)::text AS cur_min,
  max(lp.currency)::text AS cur_max,
  count(*) AS n`;
/** Postings on accounts of other roles, plus one for a wallet of somebody else and one for another currency. */
const OTHER_COUNT = `(coalesce(o_count, 0)
  + CASE WHEN c_min IS NOT NULL AND (c_min <> consumer_id OR c_max <> consumer_id) THEN 1 ELSE 0 END
  + CASE WHEN m_min IS NOT NULL AND (m_min <> merchant_id OR m_max <> merchant_id) THEN 1 ELSE 0 END
  + CASE WHEN cur_min IS NOT NULL AND (cur_min <> currency OR cur_max <> currency) THEN 1 ELSE 0 END)`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Day-sized scans in parallel workers whatever their estimated size. */
const PARALLEL = ['SET LOCAL parallel_setup_cost = 0', 'SET LOCAL parallel_tuple_cost = 0'];

/** Memory for the day-sized joins and aggregates of one report query, so that they stay out of temporary files. */
const REPORT_WORK_MEM = '128MB';

/** Where each amount of a payment and of a refund lives, for the posting rules rendered to SQL. */
const PAYMENT_COLUMNS: Record<PaymentField, string> = { amount: 'p.amount', discount: 'p.discount', fee: 'p.fee' };
const REFUND_COLUMNS: Record<RefundField, string> = {
  amount: 'r.amount',
  toConsumer: 'r.to_consumer',
  discountBack: 'r.discount_back',
  feeBack: 'r.fee_back',
};
/** Who funded the discount: the payment's, also for its refunds (`p` is the refund's payment there). */
const FUNDED_BY = 'p.discount_funded_by';

/**
 * The net debit (a credit negative) each role's account must take for a
 * payment (`p`) or a refund (`r`, with its payment `p`), from the posting
 * rules the ledger was written with: consumer, merchant, fee revenue,
 * marketing expense, in that order. A zero has no posting.
 */
function expectedNetDebits(kind: 'payment' | 'refund', cast = ''): [string, string, string, string] {
  const net = (role: Role) =>
    (kind === 'payment'
      ? ruleNetDebitSql(PAYMENT_RULE, role, PAYMENT_COLUMNS, FUNDED_BY)
      : ruleNetDebitSql(REFUND_RULE, role, REFUND_COLUMNS, FUNDED_BY)) + cast;
  return [net('wallet'), net('merchant'), net('fee'), net('marketing')];
}

const PAYMENT_EXPECTED = expectedNetDebits('payment', '::numeric');
const REFUND_EXPECTED = expectedNetDebits('refund', '::numeric');

/**
 * The day's payment and refund rows ($1 ≤ created_at < $2), each with the net
 * debit its entry must put on each role's account (expectedNetDebits).
 * Columns: the given leading ones, then currency, consumer_id, merchant_id, e_c, e_m, e_f, e_k.
 */
function dayRows(paymentHead: string, refundHead: string): string {
  const [pc, pm, pf, pk] = expectedNetDebits('payment');
  const [rc, rm, rf, rk] = expectedNetDebits('refund');
  return `SELECT ${paymentHead}, p.currency, p.consumer_id, p.merchant_id,
            ${pc} AS e_c, ${pm} AS e_m, ${pf} AS e_f, ${pk} AS e_k
       FROM payments p
      WHERE p.created_at >= $1 AND p.created_at < $2
     UNION ALL
     SELECT ${refundHead}, r.currency, p.consumer_id, r.merchant_id, ${rc}, ${rm}, ${rf}, ${rk}
       FROM refunds r JOIN payments p ON p.id = r.payment_id
      WHERE r.created_at >= $1 AND r.created_at < $2`;
}

/**
 * The reconciliation's SQL. Every check is one set-based statement (one
 * snapshot each): no rows are walked in Node.
 */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly ds: DataSource) {}

  /** A transaction with more work_mem for one query (SET LOCAL: it ends with the transaction). */
  private heavy<T>(work: (q: EntityManager) => Promise<T>, settings: string[] = []): Promise<T> {
    return this.ds.transaction(async (em) => {
      await em.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      for (const setting of settings) await em.query(setting);
      return work(em);
    });
  }

  /** The currencies of some accounts (those verifyBalances names). */
  async currenciesOf(accountIds: string[]): Promise<Array<{ id: string; currency: string }>> {
    if (!accountIds.length) return [];
    return this.ds.query(`SELECT id, currency::text AS currency FROM ledger_accounts WHERE id = ANY($1::uuid[])`, [
      accountIds,
    ]);
  }

  /**
   * The fast first look at the day: the content the day's payment and refund
   * rows call for against the content of the day's `payment` and `refund`
   * entries, each as a count (rows; entries) and a sum of 64-bit posting
   * hashes, ledger_posting_hash(ledger_entry_seed(kind, reference), account
   * id, signed amount); the rows' side finds the accounts by their codes. On the ledger side that sum is each entry's
   * postings_digest, which the database checked against the entry's postings
   * when it committed (postings never change afterwards), so the side is one
   * scan of the day's entries and no join with their postings; an entry
   * without a digest (older than digests, or written by hand) is hashed from
   * its postings. Equal counts and sums mean equal contents (an accidental
   * difference that cancels out has a chance of about 2^-64): every row has
   * exactly the entry its amounts say and every entry belongs to a row. Any
   * difference sends the report to ledgerMismatchCandidates, which finds it
   * exactly. The two sides run side by side.
   */
  async ledgerFingerprints(start: Date, end: Date): Promise<{ rows: Fingerprint; entries: Fingerprint }> {
    const [rows, entries] = await Promise.all([
      this.heavy(
        async (q) =>
          (
            await q.query(
              `WITH docs AS (
${dayRows("ledger_entry_seed('payment', 'payment:' || p.id::text) AS seed", "ledger_entry_seed('refund', 'refund:' || r.id::text)")}
               ),
               platform AS (
                 SELECT currency, max(id::text) FILTER (WHERE code = ${CODE.feeRevenue('currency')})::uuid AS fee,
                        max(id::text) FILTER (WHERE code = ${CODE.marketingExpense('currency')})::uuid AS marketing
                   FROM ledger_accounts WHERE code LIKE ${CODE.like.platform} GROUP BY currency
               )
               -- one sum per role (a zero amount has no posting), so that each stays a plain sum of bigints;
               -- an account that does not exist counts as the nil uuid, which no posting has
               SELECT count(*)::text AS n,
                      (coalesce(sum(ledger_posting_hash(seed, coalesce(cw.id, '${NIL_UUID}'), e_c)) FILTER (WHERE e_c <> 0), 0)
                     + coalesce(sum(ledger_posting_hash(seed, coalesce(mw.id, '${NIL_UUID}'), e_m)) FILTER (WHERE e_m <> 0), 0)
                     + coalesce(sum(ledger_posting_hash(seed, coalesce(pa.fee, '${NIL_UUID}'), e_f)) FILTER (WHERE e_f <> 0), 0)
                     + coalesce(sum(ledger_posting_hash(seed, coalesce(pa.marketing, '${NIL_UUID}'), e_k)) FILTER (WHERE e_k <> 0), 0))::text AS fp
                 FROM docs d
                 LEFT JOIN ledger_accounts cw ON cw.code = ${CODE.consumer('d.consumer_id', 'd.currency')}
                 LEFT JOIN ledger_accounts mw ON mw.code = ${CODE.merchant('d.merchant_id', 'd.currency')}
                 LEFT JOIN platform pa ON pa.currency = d.currency`,
              [start, end],
            )
          )[0] as Fingerprint,
        PARALLEL,
      ),
      this.heavy(
        async (q) =>
          (
            await q.query(
              `SELECT count(*)::text AS n,
                      coalesce(sum(coalesce(e.postings_digest,
                        (SELECT sum(ledger_posting_hash(ledger_entry_seed(e.kind, e.reference), lp.account_id, ${NET}))
                           FROM ledger_postings lp WHERE lp.entry_id = e.id))), 0)::text AS fp
                 FROM ledger_entries e
                WHERE e.kind IN ('payment', 'refund') AND e.status = 'posted' AND e.effective_at >= $1 AND e.effective_at < $2`,
              [start, end],
            )
          )[0] as Fingerprint,
        PARALLEL,
      ),
    ]);
    return { rows, entries };
  }

  /**
   * Payments and refunds of the day against the ledger, exactly and in one
   * pass over the day: the day's payments and refunds, with the postings
   * their amounts call for, fully joined by reference with the day's
   * `payment` and `refund` entries, and each entry's postings checked
   * against the roles of dayRows. Every posting must be one of these, on
   * the row's own consumer or merchant wallet or the platform account of
   * the row's currency, with exactly that net amount; and the roles present
   * must be exactly the expected ones (each role has a bit; with every
   * posting matching an expected role, count and bit sum equal only for
   * exactly one posting per expected role). The aggregate state is a few
   * integers per entry, so a day of a million payments is hashed, not
   * sorted. Returns the rows and entries that disagree (candidates: an entry
   * dated on another day than its row is settled by ledgerMismatchDetails).
   */
  async ledgerMismatchCandidates(start: Date, end: Date): Promise<MismatchCandidateRow[]> {
    return this.heavy(
      (q) =>
        q.query(
          `WITH docs AS (
${dayRows("1::smallint AS kind, p.id, 'payment:' || p.id::text AS reference", "2::smallint, r.id, 'refund:' || r.id::text")}
           ),
           -- every account once: its role bit and its owner as a uuid (narrow rows for the big join)
           acc AS (
             SELECT a.id, a.currency,
                    (CASE WHEN a.owner_type = 'consumer' THEN 1 WHEN a.owner_type = 'merchant' THEN 2
                          WHEN a.code LIKE ${CODE.like.feeRevenue} THEN 4 WHEN a.code LIKE ${CODE.like.marketingExpense} THEN 8 ELSE 16 END)::smallint AS role,
                    CASE WHEN a.owner_type IN ('consumer', 'merchant') AND a.owner_id ~ '^${UUID}$' THEN a.owner_id::uuid END AS owner
               FROM ledger_accounts a
           ),
           ents AS (
             SELECT e.id, (CASE e.kind WHEN 'payment' THEN 1 ELSE 2 END)::smallint AS kind, e.reference
               FROM ledger_entries e
              WHERE e.kind IN ('payment', 'refund') AND e.status = 'posted' AND e.effective_at >= $1 AND e.effective_at < $2
           ),
           pairs AS (
             SELECT d.kind, d.id, d.currency, d.consumer_id, d.merchant_id, d.e_c, d.e_m, d.e_f, d.e_k,
                    (CASE WHEN d.e_c <> 0 THEN 1 ELSE 0 END + CASE WHEN d.e_m <> 0 THEN 2 ELSE 0 END
                     + CASE WHEN d.e_f <> 0 THEN 4 ELSE 0 END + CASE WHEN d.e_k <> 0 THEN 8 ELSE 0 END) AS mask,
                    (CASE WHEN d.e_c <> 0 THEN 1 ELSE 0 END + CASE WHEN d.e_m <> 0 THEN 1 ELSE 0 END
                     + CASE WHEN d.e_f <> 0 THEN 1 ELSE 0 END + CASE WHEN d.e_k <> 0 THEN 1 ELSE 0 END) AS n_expected,
                    en.id AS entry_id, en.kind AS entry_kind
               FROM docs d FULL JOIN ents en ON en.reference = d.reference
           ),
           checked AS (
             SELECT p.id, p.entry_id, max(p.kind) AS kind, max(p.entry_kind) AS entry_kind, max(p.mask) AS mask,
                    max(p.n_expected) AS n_expected, count(lp.id) AS n,
                    bool_and(a.currency = p.currency AND CASE a.role
                      WHEN 1 THEN a.owner = p.consumer_id AND ${NET} = p.e_c
                      WHEN 2 THEN a.owner = p.merchant_id AND ${NET} = p.e_m
                      WHEN 4 THEN ${NET} = p.e_f
                      WHEN 8 THEN ${NET} = p.e_k
                      ELSE false END) AS all_ok,
                    sum(a.role) AS bits
               FROM pairs p
               LEFT JOIN ledger_postings lp ON lp.entry_id = p.entry_id
               LEFT JOIN acc a ON a.id = lp.account_id
              GROUP BY p.id, p.entry_id
           )
           SELECT c.kind, c.id, c.entry_id, count(*) OVER ()::text AS total
             FROM checked c
            WHERE c.id IS NULL OR c.entry_id IS NULL OR c.entry_kind <> c.kind OR c.all_ok IS NOT TRUE OR c.bits <> c.mask OR c.n <> c.n_expected
            ORDER BY c.id IS NULL, c.id, c.entry_id
            LIMIT ${LIST_LIMIT}`,
          [start, end],
        ),
      // a million groups of a few integers: hashed in memory in parallel, never sorted on disk or merged through an index
      ['SET LOCAL enable_sort = off', 'SET LOCAL enable_mergejoin = off', ...PARALLEL],
    );
  }

  /**
   * The candidates in detail, by primary keys and unique references only:
   * each row's expected and actual net per role (a row without an entry of
   * its day is matched with its entry wherever it is dated), each entry
   * without a row of its day checked for a row on another day (then it is
   * that day's business, not an orphan); what still disagrees is returned.
   */
  async ledgerMismatchDetails(
    candidates: MismatchCandidateRow[],
    currency: string | null,
  ): Promise<LedgerMismatchRow[]> {
    if (!candidates.length) return [];
    const docs = candidates.filter((c) => c.id);
    const orphans = candidates.filter((c) => !c.id && c.entry_id);
    return this.ds.query(
      `WITH cand AS (
         SELECT * FROM unnest($1::smallint[], $2::uuid[], $3::uuid[]) AS c(kind, id, entry_id)
       ),
       docs AS (
         SELECT 'payment'::text AS kind, p.id, 'payment:' || p.id::text AS reference, p.currency::text AS currency,
                p.consumer_id::text AS consumer_id, p.merchant_id::text AS merchant_id,
                ${PAYMENT_EXPECTED[0]} AS e_consumer, ${PAYMENT_EXPECTED[1]} AS e_merchant, ${PAYMENT_EXPECTED[2]} AS e_fee, ${PAYMENT_EXPECTED[3]} AS e_marketing
           FROM cand c JOIN payments p ON p.id = c.id WHERE c.kind = 1
         UNION ALL
         SELECT 'refund', r.id, 'refund:' || r.id::text, r.currency::text, p.consumer_id::text, r.merchant_id::text,
                ${REFUND_EXPECTED.join(', ')}
           FROM cand c JOIN refunds r ON r.id = c.id JOIN payments p ON p.id = r.payment_id WHERE c.kind = 2
       ),
       orphan_ents AS (
         SELECT e.id, e.kind, e.reference FROM unnest($4::uuid[]) AS o(id) JOIN ledger_entries e ON e.id = o.id
          WHERE NOT (CASE
            WHEN e.kind = 'payment' AND e.reference ~ '^payment:${UUID}$' THEN EXISTS (SELECT 1 FROM payments x WHERE x.id = substr(e.reference, 9)::uuid)
            WHEN e.kind = 'refund' AND e.reference ~ '^refund:${UUID}$' THEN EXISTS (SELECT 1 FROM refunds x WHERE x.id = substr(e.reference, 8)::uuid)
            ELSE false END)
       ),
       rows AS (
         SELECT d.kind, d.id, d.reference, d.currency, d.consumer_id, d.merchant_id, d.e_consumer, d.e_merchant, d.e_fee, d.e_marketing, e.id AS entry_id
           FROM docs d LEFT JOIN ledger_entries e ON e.reference = d.reference AND e.status = 'posted'
         UNION ALL
         SELECT o.kind, NULL, o.reference, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.id FROM orphan_ents o
       ),
       sums AS (
         SELECT lp.entry_id, ${ROLE_SUMS}
           FROM ledger_postings lp JOIN ledger_accounts a ON a.id = lp.account_id
          WHERE lp.entry_id IN (SELECT entry_id FROM rows WHERE entry_id IS NOT NULL)
          GROUP BY lp.entry_id
       ),
       joined AS (
         SELECT r.kind, r.id, r.reference, coalesce(r.currency, s.cur_min) AS currency, r.consumer_id, r.merchant_id,
                r.e_consumer, r.e_merchant, r.e_fee, r.e_marketing, r.entry_id, e.kind AS entry_kind, e.effective_at,
                s.c_net, s.c_min, s.c_max, s.m_net, s.m_min, s.m_max, s.f_net, s.k_net, s.o_net, s.o_count, s.cur_min, s.cur_max, s.n,
                (CASE WHEN r.e_consumer <> 0 THEN 1 ELSE 0 END + CASE WHEN r.e_merchant <> 0 THEN 1 ELSE 0 END
                 + CASE WHEN r.e_fee <> 0 THEN 1 ELSE 0 END + CASE WHEN r.e_marketing <> 0 THEN 1 ELSE 0 END) AS n_expected
           FROM rows r LEFT JOIN ledger_entries e ON e.id = r.entry_id LEFT JOIN sums s ON s.entry_id = r.entry_id
       ),
       final AS (
         SELECT j.*, ${OTHER_COUNT} AS other_postings FROM joined j
       )
       SELECT CASE WHEN f.id IS NULL THEN 'orphan_entry' WHEN f.entry_id IS NULL THEN 'missing_entry' WHEN f.entry_kind <> f.kind THEN 'wrong_kind' ELSE 'amounts_differ' END AS problem,
              f.kind, f.id, f.reference, f.currency, f.entry_id, f.entry_kind, f.effective_at,
              f.e_consumer::text, f.e_merchant::text, f.e_fee::text, f.e_marketing::text,
              coalesce(f.c_net, 0)::text AS a_consumer, coalesce(f.m_net, 0)::text AS a_merchant, coalesce(f.f_net, 0)::text AS a_fee,
              coalesce(f.k_net, 0)::text AS a_marketing, coalesce(f.o_net, 0)::text AS a_other, f.other_postings::text,
              coalesce(f.n, 0)::int AS postings, f.n_expected::int AS expected_postings
         FROM final f
        WHERE ($5::text IS NULL OR f.currency = $5 OR f.cur_max = $5)
          AND (f.id IS NULL OR f.entry_id IS NULL OR f.entry_kind <> f.kind
               OR coalesce(f.c_net, 0) <> f.e_consumer OR coalesce(f.m_net, 0) <> f.e_merchant
               OR coalesce(f.f_net, 0) <> f.e_fee OR coalesce(f.k_net, 0) <> f.e_marketing OR f.other_postings > 0
               OR f.n <> f.n_expected)
        ORDER BY f.id IS NULL, f.kind, f.id, f.reference`,
      [
        docs.map((c) => c.kind),
        docs.map((c) => c.id),
        docs.map((c) => c.entry_id),
        orphans.map((c) => c.entry_id),
        currency,
      ],
    );
  }

  /**
   * Safeguarding, per currency, from the ledger's balances (what every wallet
   * shows), with the payouts and withdrawals awaiting the bank in the same
   * snapshot.
   */
  async funds(currency: string | null): Promise<FundsRow[]> {
    return this.ds.query(
      `WITH acc AS (
         SELECT a.currency::text AS currency,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type = 'consumer'), 0) AS consumers,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type = 'merchant'), 0) AS merchants,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.code = ${CODE.bank('a.currency')}), 0) AS bank,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = ${CODE.payoutsInTransit('a.currency')}), 0) AS transit,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = ${CODE.feeRevenue('a.currency')}), 0) AS fee_revenue,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.code = ${CODE.marketingExpense('a.currency')}), 0) AS marketing,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = ${CODE.transfersInTransit('a.currency')}), 0) AS transfers_transit,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.code = ${CODE.envelopesInTransit('a.currency')}), 0) AS envelopes_transit,
                coalesce(sum(a.debits_posted - a.credits_posted) FILTER (WHERE a.owner_type IS DISTINCT FROM 'consumer' AND a.owner_type IS DISTINCT FROM 'merchant'
                     AND a.code NOT IN (${PLATFORM_CODES('a.currency')})
                     AND a.type IN ('asset', 'expense')), 0) AS other_debit_normal,
                coalesce(sum(a.credits_posted - a.debits_posted) FILTER (WHERE a.owner_type IS DISTINCT FROM 'consumer' AND a.owner_type IS DISTINCT FROM 'merchant'
                     AND a.code NOT IN (${PLATFORM_CODES('a.currency')})
                     AND a.type NOT IN ('asset', 'expense')), 0) AS other_credit_normal,
                coalesce(sum(a.debits_posted), 0) AS stored_debits,
                coalesce(sum(a.credits_posted), 0) AS stored_credits
           FROM ledger_balances a
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
       ),
       held AS (
         SELECT currency,
                coalesce(sum(amount) FILTER (WHERE src = 'transfer'), 0) AS pending_transfers,
                coalesce(sum(amount) FILTER (WHERE src = 'envelope'), 0) AS unclaimed_envelopes
           FROM (SELECT 'transfer' AS src, currency::text AS currency, amount FROM transfers WHERE status = 'pending'
                 UNION ALL
                 SELECT 'envelope', e.currency::text, s.amount
                   FROM red_envelope_shares s JOIN red_envelopes e ON e.id = s.envelope_id
                  WHERE s.claimed_by IS NULL AND e.return_entry_id IS NULL) x
          WHERE $1::text IS NULL OR currency = $1
          GROUP BY currency
       )
       SELECT coalesce(acc.currency, pend.currency, held.currency) AS currency,
              coalesce(consumers, 0)::text AS consumers, coalesce(merchants, 0)::text AS merchants, coalesce(bank, 0)::text AS bank,
              coalesce(transit, 0)::text AS transit, coalesce(fee_revenue, 0)::text AS fee_revenue, coalesce(marketing, 0)::text AS marketing,
              coalesce(transfers_transit, 0)::text AS transfers_transit, coalesce(envelopes_transit, 0)::text AS envelopes_transit,
              coalesce(other_debit_normal, 0)::text AS other_debit_normal, coalesce(other_credit_normal, 0)::text AS other_credit_normal,
              coalesce(pending_payouts, 0)::text AS pending_payouts, coalesce(pending_withdrawals, 0)::text AS pending_withdrawals,
              coalesce(pending_count, 0)::text AS pending_count,
              coalesce(pending_transfers, 0)::text AS pending_transfers,
              coalesce(unclaimed_envelopes, 0)::text AS unclaimed_envelopes,
              coalesce(stored_debits, 0)::text AS stored_debits, coalesce(stored_credits, 0)::text AS stored_credits
         FROM acc FULL JOIN pend ON pend.currency = acc.currency
         FULL JOIN held ON held.currency = coalesce(acc.currency, pend.currency)
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
