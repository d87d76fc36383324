import { CsvTable } from './csv';
import type { JournalEntry, JournalPosting } from './journal-export.service';
import type { MerchantStatement, MerchantStatementLine } from './merchant-statements.service';
import type { SettlementLine, Settlements } from './settlements.service';

/**
 * The CSV forms of the reports: the same rows and the same amount texts as
 * their JSON (`Money.format()`), one header line, through the shared writer.
 */

type SettlementCsvRow = SettlementLine & { date: string; currency: string };

export const SETTLEMENTS_CSV = new CsvTable<SettlementCsvRow>([
  ['date', (r) => r.date],
  ['currency', (r) => r.currency],
  ['merchantId', (r) => r.merchantId],
  ['merchantName', (r) => r.merchantName],
  ['paymentCount', (r) => r.paymentCount],
  ['gross', (r) => r.gross.format()],
  ['discounts', (r) => r.discounts.format()],
  ['refunds', (r) => r.refunds.format()],
  ['fees', (r) => r.fees.format()],
  ['net', (r) => r.net.format()],
]);

export function settlementsCsv(s: Settlements): string {
  return SETTLEMENTS_CSV.render(s.lines.map((l) => ({ ...l, date: s.date, currency: s.currency })));
}

type StatementCsvRow = MerchantStatementLine & { currency: string };

/** `balance` is the balance after the line: the first line's balance less its net is the opening balance. */
export const MERCHANT_STATEMENT_CSV = new CsvTable<StatementCsvRow>([
  ['at', (r) => r.at.toISOString()],
  ['type', (r) => r.type],
  ['paymentId', (r) => r.paymentId],
  ['refundId', (r) => r.refundId],
  ['payoutId', (r) => r.payoutId],
  ['codeId', (r) => r.codeId],
  ['orderReference', (r) => r.orderReference],
  ['currency', (r) => r.currency],
  ['amount', (r) => r.amount.format()],
  ['discount', (r) => r.discount.format()],
  ['fee', (r) => r.fee.format()],
  ['net', (r) => r.net.format()],
  ['balance', (r) => r.balance.format()],
  ['payer', (r) => r.payer],
]);

export function merchantStatementCsv(s: MerchantStatement): string {
  return MERCHANT_STATEMENT_CSV.render(s.lines.map((l) => ({ ...l, currency: s.currency })));
}

type JournalCsvRow = { entry: JournalEntry; posting: JournalPosting };

/** One row per posting, the entry repeated on each. */
export const JOURNAL_CSV = new CsvTable<JournalCsvRow>([
  ['entryId', (r) => r.entry.id],
  ['kind', (r) => r.entry.kind],
  ['reference', (r) => r.entry.reference],
  ['effectiveAt', (r) => r.entry.effectiveAt.toISOString()],
  ['recordedAt', (r) => r.entry.recordedAt.toISOString()],
  ['reversesEntryId', (r) => r.entry.reversesEntryId],
  ['postingId', (r) => r.posting.id],
  ['accountId', (r) => r.posting.accountId],
  ['accountCode', (r) => r.posting.accountCode],
  ['side', (r) => r.posting.side],
  ['amount', (r) => r.posting.amount.format()],
  ['currency', (r) => r.posting.amount.currency],
]);

/** The CSV records of a batch of journal entries (no header). */
export function journalCsvRecords(entries: readonly JournalEntry[]): string {
  let out = '';
  for (const entry of entries) for (const posting of entry.postings) out += JOURNAL_CSV.record({ entry, posting });
  return out;
}
