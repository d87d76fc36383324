import type { Money } from '@saoma/money';
import { Money as M, MoneyError, currencyOf } from '@saoma/money';
import { TreasuryError } from './treasury-error';

export type StatementFormat = 'csv' | 'camt.053';
export type Direction = 'credit' | 'debit';

/** One booked movement on the platform's bank account, as the bank reported it. */
export interface ParsedLine {
  /** The line of the file where the movement starts (CSV record, camt.053 Ntry or TxDtls): its identity in the statement. */
  lineNo: number;
  /** camt.053 NtryRef (with `#n` for the n-th transaction of a batch entry); null in CSV. */
  entryRef: string | null;
  bookingDate: string;
  amount: Money;
  direction: Direction;
  /** camt.053 RvslInd: this entry reverses an earlier one of the other direction. */
  reversal: boolean;
  /** The reference shown in reports: the first of `references`, or null. */
  reference: string | null;
  /** Every reference the bank gave, in matching order (EndToEndId first, then the bank's references, then remittance text). */
  references: string[];
  counterparty: string | null;
  /** camt.053 entry status when it is not BOOK (such a line is never matched). */
  status: string | null;
}

export interface StatementBalance {
  /** camt.053 balance type: OPBD, CLBD, CLAV, … */
  type: string;
  amount: string;
  currency: string;
  date: string | null;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The bank's statement id (camt.053 Stmt/Id); null for CSV (the caller derives one). */
  statementId: string | null;
  account: string | null;
  currency: string | null;
  balances: StatementBalance[];
  lines: ParsedLine[];
}

export function invalidStatement(line: number, message: string): TreasuryError {
  return new TreasuryError('invalid_statement', `line ${line}: ${message}`, { line });
}

const DECIMAL = /^([0-9]{1,18})(?:\.([0-9]{1,18}))?$/;

/**
 * A bank amount: a positive plain decimal, at most the currency's minor
 * digits once trailing zeros are dropped (camt.053 allows up to 5 fraction
 * digits: "12.50000" is 12.50).
 */
export function parseBankAmount(
  text: string,
  currency: string,
  line: number,
  opts: { allowZero?: boolean } = {},
): Money {
  try {
    currencyOf(currency);
  } catch (err) {
    if (err instanceof MoneyError)
      throw invalidStatement(line, `currency ${JSON.stringify(currency.slice(0, 8))} is not supported`);
    throw err;
  }
  const m = DECIMAL.exec(text);
  if (!m)
    throw invalidStatement(
      line,
      `amount ${JSON.stringify(text.slice(0, 30))} is not a positive decimal such as "12.30"`,
    );
  const int = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  try {
    return M.parse(frac ? `${int}.${frac}` : int, currency, { allowZero: opts.allowZero ?? false });
  } catch (err) {
    if (err instanceof MoneyError)
      throw invalidStatement(line, `amount ${JSON.stringify(text.slice(0, 30))}: ${err.detail ?? err.message}`);
    throw err;
  }
}

export function checkDate(text: string, line: number, what = 'date'): string {
  const d = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d))
    throw invalidStatement(line, `${what} ${JSON.stringify(d.slice(0, 30))} is not YYYY-MM-DD`);
  const t = Date.parse(`${d}T00:00:00.000Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== d)
    throw invalidStatement(line, `${what} ${d} is not a calendar day`);
  return d;
}

/** Text kept for matching and display: control characters dropped, whitespace collapsed, at most 140 characters. */
export function cleanText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s ? s.slice(0, 140) : null;
}
