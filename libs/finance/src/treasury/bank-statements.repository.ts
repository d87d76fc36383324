import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MatchKind, PayoutCandidate } from './statement-matcher';
import type { StatementBalance, StatementFormat } from './statement.types';
import { rowsOf } from './payouts.repository';

export interface BankStatementRow {
  id: string;
  statement_id: string;
  format: StatementFormat;
  content_hash: string;
  account: string | null;
  currency: string | null;
  balances: StatementBalance[];
  line_count: number;
  matched_count: number;
  operator_id: string | null;
  imported_at: Date;
}

export interface BankLineRow {
  line_no: number;
  entry_ref: string | null;
  booking_date: string;
  amount: string;
  currency: string;
  direction: 'credit' | 'debit';
  reversal: boolean;
  reference: string | null;
  counterparty: string | null;
  status: 'matched' | 'unmatched';
  match_kind: MatchKind | null;
  topup_id: string | null;
  payout_id: string | null;
  entry_id: string | null;
  reason: string | null;
}

type Q = Pick<EntityManager, 'query'>;

const STATEMENT_COLUMNS = `id, statement_id, format, content_hash, account, currency, balances, line_count, matched_count, operator_id, imported_at`;
const LINE_COLUMNS = `line_no, entry_ref, booking_date::text AS booking_date, amount::text AS amount, currency, direction, reversal, reference, counterparty,
  status, match_kind, topup_id, payout_id, entry_id, reason`;
const INSERT_CHUNK = 5000;

/** Bank statements and their lines: all their SQL. */
@Injectable()
export class BankStatementsRepository {
  constructor(private readonly ds: DataSource) {}

  private q(em?: EntityManager): Q {
    return em ?? this.ds;
  }

  /**
   * Claim the statement id. A concurrent import of the same statement waits
   * here for the first one's outcome: it commits (we get nothing and read its
   * result) or rolls back (we go on).
   */
  async claim(
    s: {
      statementId: string;
      format: StatementFormat;
      contentHash: string;
      account: string | null;
      currency: string | null;
      balances: StatementBalance[];
      operatorId: string | null;
    },
    em: EntityManager,
  ): Promise<BankStatementRow | null> {
    const rows: BankStatementRow[] = await em.query(
      `INSERT INTO bank_statements (statement_id, format, content_hash, account, currency, balances, operator_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (statement_id) DO NOTHING
       RETURNING ${STATEMENT_COLUMNS}`,
      [s.statementId, s.format, s.contentHash, s.account, s.currency, JSON.stringify(s.balances), s.operatorId],
    );
    return rows[0] ?? null;
  }

  async findByStatementId(statementId: string, em?: EntityManager): Promise<BankStatementRow | undefined> {
    const rows: BankStatementRow[] = await this.q(em).query(
      `SELECT ${STATEMENT_COLUMNS} FROM bank_statements WHERE statement_id = $1`,
      [statementId],
    );
    return rows[0];
  }

  async find(id: string, em?: EntityManager): Promise<BankStatementRow | undefined> {
    const rows: BankStatementRow[] = await this.q(em).query(
      `SELECT ${STATEMENT_COLUMNS} FROM bank_statements WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async setCounts(id: string, lines: number, matched: number, em: EntityManager): Promise<BankStatementRow> {
    const r = await em.query(
      `UPDATE bank_statements SET line_count = $2, matched_count = $3 WHERE id = $1 RETURNING ${STATEMENT_COLUMNS}`,
      [id, lines, matched],
    );
    return rowsOf<BankStatementRow>(r)[0];
  }

  /** The payouts these references name, locked until the import commits (the consumer of a withdrawal's payout is payments' to tell). */
  async lockPayoutsByReferences(
    refs: string[],
    em: EntityManager,
  ): Promise<Array<Omit<PayoutCandidate, 'consumerId'>>> {
    if (!refs.length) return [];
    const rows: Array<{
      id: string;
      end_to_end_reference: string;
      amount: string;
      currency: string;
      status: PayoutCandidate['status'];
      merchant_id: string | null;
      withdrawal_id: string | null;
    }> = await em.query(
      `SELECT id, end_to_end_reference, amount::text AS amount, currency, status, merchant_id, withdrawal_id
         FROM payouts
        WHERE end_to_end_reference = ANY($1::text[])
        ORDER BY id
        FOR UPDATE`,
      [refs.map((r) => r.toUpperCase())],
    );
    return rows.map((r) => ({
      id: r.id,
      endToEndReference: r.end_to_end_reference,
      amount: BigInt(r.amount),
      currency: r.currency,
      status: r.status,
      merchantId: r.merchant_id,
      withdrawalId: r.withdrawal_id,
    }));
  }

  /** Which of these top-ups a line of an earlier statement already confirmed. */
  async confirmedTopups(topupIds: string[], em: EntityManager): Promise<Set<string>> {
    if (!topupIds.length) return new Set();
    const rows: Array<{ topup_id: string }> = await em.query(
      `SELECT DISTINCT topup_id FROM bank_statement_lines WHERE topup_id = ANY($1::uuid[]) AND match_kind = 'topup'`,
      [topupIds],
    );
    return new Set(rows.map((r) => r.topup_id));
  }

  async updatePayouts(
    changes: Array<{
      id: string;
      status: 'paid' | 'returned';
      settledEntryId: string | null;
      returnedEntryId: string | null;
    }>,
    em: EntityManager,
  ): Promise<void> {
    if (!changes.length) return;
    await em.query(
      `UPDATE payouts p
          SET status = v.status,
              settled_entry_id = coalesce(v.settled, p.settled_entry_id),
              paid_at = CASE WHEN v.settled IS NOT NULL THEN now() ELSE p.paid_at END,
              returned_entry_id = coalesce(v.returned, p.returned_entry_id),
              returned_at = CASE WHEN v.returned IS NOT NULL THEN now() ELSE p.returned_at END
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[]) AS v(id, status, settled, returned)
        WHERE p.id = v.id`,
      [
        changes.map((c) => c.id),
        changes.map((c) => c.status),
        changes.map((c) => c.settledEntryId),
        changes.map((c) => c.returnedEntryId),
      ],
    );
  }

  async insertLines(statementId: string, lines: BankLineRow[], em: EntityManager): Promise<void> {
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
      const c = lines.slice(i, i + INSERT_CHUNK);
      await em.query(
        `INSERT INTO bank_statement_lines (statement_id, line_no, entry_ref, booking_date, amount, currency, direction, reversal, reference, counterparty,
                                           status, match_kind, topup_id, payout_id, entry_id, reason)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::date[], $5::bigint[], $6::char(3)[], $7::text[], $8::boolean[], $9::text[], $10::text[],
                                  $11::text[], $12::text[], $13::uuid[], $14::uuid[], $15::uuid[], $16::text[])`,
        [
          statementId,
          c.map((l) => l.line_no),
          c.map((l) => l.entry_ref),
          c.map((l) => l.booking_date),
          c.map((l) => l.amount),
          c.map((l) => l.currency),
          c.map((l) => l.direction),
          c.map((l) => l.reversal),
          c.map((l) => l.reference),
          c.map((l) => l.counterparty),
          c.map((l) => l.status),
          c.map((l) => l.match_kind),
          c.map((l) => l.topup_id),
          c.map((l) => l.payout_id),
          c.map((l) => l.entry_id),
          c.map((l) => l.reason),
        ],
      );
    }
  }

  async linesOf(statementId: string, em?: EntityManager): Promise<BankLineRow[]> {
    return this.q(em).query(
      `SELECT ${LINE_COLUMNS} FROM bank_statement_lines WHERE statement_id = $1 ORDER BY line_no`,
      [statementId],
    );
  }
}
