import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@saoma/database';
import type { EntityManager } from 'typeorm';

type Q = Pick<EntityManager, 'query'>;

/** Amounts leave PostgreSQL as text (sums of bigints are numeric): never through a JS number. */
export interface SettlementRow {
  merchant_id: string;
  merchant_name: string;
  payment_count: string;
  gross: string;
  discounts: string;
  refunds: string;
  fees: string;
  net: string;
}

export interface MerchantAccountRow {
  merchant_id: string;
  merchant_name: string;
  currency: string;
  account_id: string | null;
  account_type: string | null;
}

export interface StatementPostingRow {
  posting_id: string;
  entry_id: string;
  kind: string;
  reverses_entry_id: string | null;
  effective_at: Date;
  side: 'D' | 'C';
  posted: string;
  payout_id: string | null;
  payment_id: string | null;
  code_id: string | null;
  order_reference: string | null;
  bill_reference: string | null;
  payer: string | null;
  payment_amount: string | null;
  payment_discount: string | null;
  discount_funded_by: 'platform' | 'merchant' | null;
  payment_fee: string | null;
  refund_id: string | null;
  refund_amount: string | null;
  refund_discount_back: string | null;
  refund_fee_back: string | null;
}

export interface JournalEntryRow {
  id: string;
  kind: string;
  reference: string;
  effective_at: Date;
  recorded_at: Date;
  reverses_entry_id: string | null;
  /** effective_at to the microsecond, for the keyset (a JS Date keeps milliseconds only). */
  cursor_at: string;
}

export interface JournalPostingRow {
  id: string;
  entry_id: string;
  account_id: string;
  side: 'D' | 'C';
  amount: string;
  currency: string;
}

export interface JournalKey {
  at: string;
  id: string;
}

const UUID = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * The reports' SQL: set-based, read-only. Indexes used:
 * - settlements: ix_payments_created, ix_refunds_created (the day's range), pk_payments (the refunded payment);
 * - statements: ix_ledger_postings_account (the merchant's postings), pk_ledger_entries,
 *   pk_payments, pk_refunds, pk_orders;
 * - journal: ix_ledger_entries_effective_at_id (keyset on (effective_at, id), migration
 *   1764700000000), ix_ledger_postings_entry, pk_ledger_accounts (codes of accounts not seen yet).
 */
@Injectable()
export class FinanceReportsRepository {
  // reports read the replica when there is one
  constructor(private readonly read: ReadDatabase) {}

  private q(em?: Q): Q {
    return em ?? this.read.source;
  }

  /**
   * Per merchant, the day's payments and the day's refunds (of payments of any
   * day). The merchant-funded discount given back by a refund comes off
   * `discounts` and the fee given back comes off `fees`, so that `net` is
   * exactly what the day's payment and refund entries moved on the merchant's
   * wallet: Σ(amount − fee − merchant discount) of payments − Σ(refund − fee
   * back − merchant discount back) of refunds.
   */
  async settlements(currency: string, start: Date, end: Date, em?: Q): Promise<SettlementRow[]> {
    return this.q(em).query(
      `WITH p AS (
         SELECT merchant_id,
                count(*) AS payment_count,
                sum(amount) AS gross,
                coalesce(sum(discount) FILTER (WHERE discount_funded_by = 'merchant'), 0) AS discounts,
                sum(fee) AS fees
           FROM payments
          WHERE created_at >= $2 AND created_at < $3 AND currency = $1
          GROUP BY merchant_id
       ), r AS (
         SELECT r.merchant_id,
                sum(r.amount) AS refunds,
                sum(r.fee_back) AS fee_back,
                coalesce(sum(r.discount_back) FILTER (WHERE p.discount_funded_by = 'merchant'), 0) AS discount_back
           FROM refunds r JOIN payments p ON p.id = r.payment_id
          WHERE r.created_at >= $2 AND r.created_at < $3 AND r.currency = $1
          GROUP BY r.merchant_id
       ), s AS (
         SELECT coalesce(p.merchant_id, r.merchant_id) AS merchant_id,
                coalesce(p.payment_count, 0) AS payment_count,
                coalesce(p.gross, 0) AS gross,
                coalesce(p.discounts, 0) - coalesce(r.discount_back, 0) AS discounts,
                coalesce(r.refunds, 0) AS refunds,
                coalesce(p.fees, 0) - coalesce(r.fee_back, 0) AS fees
           FROM p FULL JOIN r ON r.merchant_id = p.merchant_id
       )
       SELECT s.merchant_id, m.name AS merchant_name, s.payment_count::text AS payment_count,
              s.gross::text AS gross, s.discounts::text AS discounts, s.refunds::text AS refunds, s.fees::text AS fees,
              (s.gross - s.discounts - s.refunds - s.fees)::text AS net
         FROM s JOIN merchants m ON m.id = s.merchant_id
        ORDER BY s.merchant_id`,
      [currency, start, end],
    );
  }

  /** The merchant, its currency, and its wallet account in that currency (none before its first money). */
  async merchantAccount(
    merchantId: string,
    accountCode: (currency: string) => string,
    em?: Q,
  ): Promise<MerchantAccountRow | undefined> {
    const m: Array<{ id: string; name: string; currency: string }> = await this.q(em).query(
      `SELECT id, name, currency FROM merchants WHERE id = $1`,
      [merchantId],
    );
    if (!m[0]) return undefined;
    const a: Array<{ id: string; type: string }> = await this.q(em).query(
      `SELECT id, type FROM ledger_accounts WHERE code = $1`,
      [accountCode(m[0].currency)],
    );
    return {
      merchant_id: m[0].id,
      merchant_name: m[0].name,
      currency: m[0].currency,
      account_id: a[0]?.id ?? null,
      account_type: a[0]?.type ?? null,
    };
  }

  /** The account's balance on its normal side from the postings of entries effective before `at`. */
  async balanceBefore(accountId: string, normalSide: 'D' | 'C', at: Date, em?: Q): Promise<bigint> {
    const rows: Array<{ balance: string }> = await this.q(em).query(
      `SELECT coalesce(sum(CASE WHEN lp.side = $2 THEN lp.amount ELSE -lp.amount END), 0)::text AS balance
         FROM ledger_postings lp JOIN ledger_entries e ON e.id = lp.entry_id
        WHERE lp.account_id = $1 AND e.effective_at < $3`,
      [accountId, normalSide, at],
    );
    return BigInt(rows[0].balance);
  }

  /**
   * Every posting on the account of entries effective in `[start, end)`, in
   * time order, with the payment, refund and order they belong to.
   */
  async statementPostings(accountId: string, start: Date, end: Date, em?: Q): Promise<StatementPostingRow[]> {
    return this.q(em).query(
      `SELECT lp.id::text AS posting_id, e.id AS entry_id, e.kind, e.reverses_entry_id, e.effective_at, lp.side, lp.amount::text AS posted,
              CASE WHEN e.kind IN ('payout', 'payout_return') THEN e.metadata ->> 'payoutId' END AS payout_id,
              p.id AS payment_id, p.code_id, o.reference AS order_reference, b.reference AS bill_reference, p.payer,
              p.amount::text AS payment_amount, p.discount::text AS payment_discount, p.discount_funded_by, p.fee::text AS payment_fee,
              r.id AS refund_id, r.amount::text AS refund_amount, r.discount_back::text AS refund_discount_back, r.fee_back::text AS refund_fee_back
         FROM ledger_postings lp
         JOIN ledger_entries e ON e.id = lp.entry_id
         LEFT JOIN refunds r
           ON r.id = CASE WHEN e.kind = 'refund' AND e.metadata ->> 'refundId' ~ ${UUID} THEN (e.metadata ->> 'refundId')::uuid END
         LEFT JOIN payments p
           ON p.id = CASE WHEN e.kind IN ('payment', 'refund') AND e.metadata ->> 'paymentId' ~ ${UUID} THEN (e.metadata ->> 'paymentId')::uuid END
         LEFT JOIN orders o ON o.id = p.order_id
         LEFT JOIN bills b ON b.order_id = p.order_id
        WHERE lp.account_id = $1 AND e.effective_at >= $2 AND e.effective_at < $3
        ORDER BY e.effective_at, lp.id`,
      [accountId, start, end],
    );
  }

  /** Up to `limit` posted entries effective in `[start, end)` after the key, in (effective_at, id) order. */
  async journalEntries(
    start: Date,
    end: Date,
    after: JournalKey | null,
    limit: number,
    em?: Q,
  ): Promise<JournalEntryRow[]> {
    const cols = `id, kind, reference, effective_at, recorded_at, reverses_entry_id,
                  to_char(effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
    if (!after) {
      return this.q(em).query(
        `SELECT ${cols} FROM ledger_entries
          WHERE effective_at >= $1 AND effective_at < $2 AND status = 'posted'
          ORDER BY effective_at, id LIMIT $3`,
        [start, end, limit],
      );
    }
    return this.q(em).query(
      `SELECT ${cols} FROM ledger_entries
        WHERE (effective_at, id) > ($3::timestamptz, $4::uuid) AND effective_at < $2 AND effective_at >= $1 AND status = 'posted'
        ORDER BY effective_at, id LIMIT $5`,
      [start, end, after.at, after.id, limit],
    );
  }

  /** The postings of these entries (by ix_ledger_postings_entry), without account codes: see accountCodes. */
  async journalPostings(entryIds: string[], em?: Q): Promise<JournalPostingRow[]> {
    if (!entryIds.length) return [];
    return this.q(em).query(
      `SELECT id::text AS id, entry_id, account_id, side, amount::text AS amount, currency
         FROM ledger_postings WHERE entry_id = ANY($1::uuid[]) ORDER BY id`,
      [entryIds],
    );
  }

  /** Account codes by id (pk lookups): codes never change, so callers may keep them. */
  async accountCodes(accountIds: string[], em?: Q): Promise<Array<{ id: string; code: string }>> {
    if (!accountIds.length) return [];
    return this.q(em).query(`SELECT id, code FROM ledger_accounts WHERE id = ANY($1::uuid[])`, [accountIds]);
  }
}
