/**
 * The one CSV writer of the finance reports (others may import it).
 *
 * - RFC 4180: fields separated by `,`, records ended by CRLF, a field that
 *   contains `,`, `"`, CR or LF is put in double quotes and its quotes doubled.
 * - UTF-8, no byte-order mark (serve it as `text/csv; charset=utf-8`); the
 *   first record is a header line.
 * - Amounts are written exactly as the JSON of the contract prints them
 *   (`"12.30"`, `"-12.30"`, JPY `"500"`): callers pass `Money.format()`.
 * - Formula injection (CWE-1236): a spreadsheet runs a cell that begins with
 *   `=`, `+`, `-` or `@` (and some begin one after a tab or CR). Such a cell is
 *   neutralised by a leading single quote `'`, which spreadsheets show as
 *   text. The one exception is a plain decimal number, `/^-?\d+(\.\d+)?$/`:
 *   signed amounts like `-12.30` are numbers, not formulas, and stay as they
 *   are so that columns still add up. The rule looks at the text only, so a
 *   free-text cell that happens to be exactly a number (a merchant named
 *   "-5") is also left alone: harmless, it can only ever be that number.
 */

export type CsvValue = string | number | bigint | boolean | null | undefined;

/** What a spreadsheet would start to evaluate. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: never a formula, kept as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** Fields that need quotes (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const CSV_EOL = '\r\n';

/** The text of a cell with formula starters neutralised (see the module comment). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One field, neutralised then quoted as RFC 4180 says. null and undefined are empty fields. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_EOL;
}

/** Header line then the records, as one string (for reports that fit in memory). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let out = csvRecord(header);
  for (const r of rows) out += csvRecord(r);
  return out;
}

/**
 * A table with named columns: the header and the order of the cells come
 * from one list, so they cannot drift apart.
 */
export class CsvTable<T> {
  constructor(private readonly columns: ReadonlyArray<readonly [header: string, cell: (row: T) => CsvValue]>) {}

  header(): string {
    return csvRecord(this.columns.map(([h]) => h));
  }

  record(row: T): string {
    return csvRecord(this.columns.map(([, cell]) => cell(row)));
  }

  render(rows: Iterable<T>): string {
    let out = this.header();
    for (const r of rows) out += this.record(r);
    return out;
  }
}
