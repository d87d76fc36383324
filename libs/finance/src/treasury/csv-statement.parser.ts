import {
  type Direction,
  type ParsedLine,
  type ParsedStatement,
  checkDate,
  cleanText,
  invalidStatement,
  parseBankAmount,
} from './statement.types';

/**
 * Bank statement CSV (RFC 4180: comma separated, fields in double quotes when
 * they hold a comma, a quote or a line break, quotes doubled; UTF-8, a BOM is
 * ignored; CRLF or LF).
 *
 * The first line is a header naming the columns, in any order (case and
 * surrounding spaces ignored, unknown columns ignored):
 *
 *   date,amount,currency,direction,reference,counterparty
 *
 * - date: the booking date, YYYY-MM-DD
 * - amount: a positive decimal string, e.g. 1250.00 (at most the currency's minor digits)
 * - currency: ISO 4217, e.g. CNY
 * - direction: credit (money in) or debit (money out)
 * - reference: the end-to-end reference of a payout, or the bank reference of a top-up
 * - counterparty: the other party's name (optional column)
 *
 * Every record must have as many fields as the header; blank lines are
 * skipped. A record's line number is the line of the file where it starts
 * (the header is line 1).
 */
export const CSV_COLUMNS = ['date', 'amount', 'currency', 'direction', 'reference', 'counterparty'] as const;
const REQUIRED = ['date', 'amount', 'currency', 'direction', 'reference'] as const;

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records with the line each starts on. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRecord = false;
    let fieldStart = true;
    while (i < n && !endOfRecord) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
            const next = text[i];
            if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
              throw invalidStatement(line, 'a quoted field must end at a comma or the end of the line');
            }
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"') {
        if (!fieldStart) throw invalidStatement(line, 'a quote inside an unquoted field');
        quoted = true;
        fieldStart = false;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        fieldStart = true;
        i++;
      } else if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        field += c;
        fieldStart = false;
        i++;
      }
    }
    if (quoted) throw invalidStatement(start, 'a quoted field is not closed');
    fields.push(field);
    if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
    yield { line: start, fields };
  }
}

const DIRECTIONS: Record<string, Direction> = { credit: 'credit', debit: 'debit', crdt: 'credit', dbit: 'debit' };

export function parseCsvStatement(text: string): ParsedStatement {
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) throw invalidStatement(1, 'the statement is empty: a header line is required');
  const header = first.value.fields.map((h) => h.trim().toLowerCase());
  const col = new Map<string, number>();
  header.forEach((h, idx) => {
    if ((CSV_COLUMNS as readonly string[]).includes(h)) {
      if (col.has(h)) throw invalidStatement(first.value.line, `column ${h} appears twice in the header`);
      col.set(h, idx);
    }
  });
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) {
    throw invalidStatement(
      first.value.line,
      `the header line must name the columns ${CSV_COLUMNS.join(',')}; missing ${missing.join(', ')}`,
    );
  }
  const get = (r: CsvRecord, c: string): string => {
    const idx = col.get(c);
    return idx === undefined ? '' : r.fields[idx].trim();
  };
  const lines: ParsedLine[] = [];
  for (const r of records) {
    if (r.fields.length !== header.length)
      throw invalidStatement(r.line, `${r.fields.length} fields where the header has ${header.length}`);
    const bookingDate = checkDate(get(r, 'date'), r.line);
    const currency = get(r, 'currency');
    const amount = parseBankAmount(get(r, 'amount'), currency, r.line);
    const dirText = get(r, 'direction').toLowerCase();
    const direction = DIRECTIONS[dirText];
    if (!direction)
      throw invalidStatement(r.line, `direction ${JSON.stringify(dirText.slice(0, 20))} must be credit or debit`);
    const reference = cleanText(get(r, 'reference'));
    lines.push({
      lineNo: r.line,
      entryRef: null,
      bookingDate,
      amount,
      direction,
      reversal: false,
      reference,
      references: reference ? [reference] : [],
      counterparty: cleanText(get(r, 'counterparty')),
      status: null,
    });
  }
  return { format: 'csv', statementId: null, account: null, currency: null, balances: [], lines };
}
