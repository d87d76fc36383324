import * as sax from 'sax';
import {
  type Direction,
  type ParsedLine,
  type ParsedStatement,
  type StatementBalance,
  checkDate,
  cleanText,
  invalidStatement,
  parseBankAmount,
} from './statement.types';

/** camt.053 of any published version (001.02 … 001.13). */
export const CAMT053_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/;

/** Feed the parser this many characters at a time: the document is read as a stream, never as a tree. */
const CHUNK = 64 * 1024;

interface TxState {
  line: number;
  amount: string | null;
  currency: string | null;
  direction: string | null;
  refs: Record<string, string>;
  debtor: string | null;
  creditor: string | null;
  remittance: string[];
}

interface EntryState {
  line: number;
  ntryRef: string | null;
  amount: string | null;
  currency: string | null;
  direction: string | null;
  reversal: string | null;
  status: string | null;
  bookingDate: string | null;
  valueDate: string | null;
  acctSvcrRef: string | null;
  info: string | null;
  txs: TxState[];
}

interface BalanceState {
  line: number;
  type: string | null;
  amount: string | null;
  currency: string | null;
  direction: string | null;
  date: string | null;
}

const DIRECTIONS: Record<string, Direction> = { CRDT: 'credit', DBIT: 'debit' };
/** References that say there is none. */
const NONE = new Set(['NOTPROVIDED', 'NONREF', 'NONE', 'N/A']);

function dateOf(text: string): string {
  // Dt is a date; DtTm a date-time whose date part is the bank's booking day
  return text.trim().slice(0, 10);
}

/**
 * Read an ISO 20022 camt.053 (BankToCustomerStatement) document with a
 * streaming SAX parser. One Stmt per document. Each Ntry becomes one line;
 * a batch entry whose TxDtls each carry an amount becomes one line per
 * transaction (their amounts must add up to the entry's). References, in
 * matching order: TxDtls/Refs/EndToEndId, the entry's and the transaction's
 * AcctSvcrRef, TxId, InstrId, then RmtInf/Ustrd. The counterparty is the
 * debtor of a credit, the creditor of a debit (RltdPties names).
 */
export function parseCamt053Statement(xml: string): ParsedStatement {
  const parser = sax.parser(true, { xmlns: true, position: true, trim: false });
  const stack: string[] = [];
  let text = '';
  let rootChecked = false;
  let stmtCount = 0;
  let statementId: string | null = null;
  let account: string | null = null;
  let accountCurrency: string | null = null;
  const balances: StatementBalance[] = [];
  const lines: ParsedLine[] = [];
  const entryRefs = new Set<string>();
  let entry: EntryState | null = null;
  let tx: TxState | null = null;
  let bal: BalanceState | null = null;
  let pendingError: Error | null = null;

  const lineNow = () => parser.line + 1;
  const path = () => stack.join('/');

  parser.ondoctype = () => {
    throw invalidStatement(lineNow(), 'a DOCTYPE is not allowed in a camt.053 document');
  };
  parser.onerror = (err: Error) => {
    pendingError = invalidStatement(lineNow(), `not well-formed XML: ${String(err.message).split('\n')[0]}`);
    throw pendingError;
  };

  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const name = tag.local || tag.name;
    if (!rootChecked) {
      rootChecked = true;
      if (name !== 'Document' || !CAMT053_NAMESPACE.test(tag.uri)) {
        throw invalidStatement(
          lineNow(),
          `not a camt.053 document: the root must be Document in the namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.xx (got ${name}${tag.uri ? ` in ${tag.uri}` : ''})`,
        );
      }
    }
    stack.push(name);
    text = '';
    const p = path();
    if (p === 'Document/BkToCstmrStmt/Stmt') {
      stmtCount++;
      if (stmtCount > 1) throw invalidStatement(lineNow(), 'more than one Stmt: send one statement per document');
    } else if (p === 'Document/BkToCstmrStmt/Stmt/Ntry') {
      entry = {
        line: lineNow(),
        ntryRef: null,
        amount: null,
        currency: null,
        direction: null,
        reversal: null,
        status: null,
        bookingDate: null,
        valueDate: null,
        acctSvcrRef: null,
        info: null,
        txs: [],
      };
    } else if (p === 'Document/BkToCstmrStmt/Stmt/Bal') {
      bal = { line: lineNow(), type: null, amount: null, currency: null, direction: null, date: null };
    } else if (entry && p === 'Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls') {
      tx = {
        line: lineNow(),
        amount: null,
        currency: null,
        direction: null,
        refs: {},
        debtor: null,
        creditor: null,
        remittance: [],
      };
      entry.txs.push(tx);
    }
    if (name === 'Amt') {
      const ccy = tag.attributes.Ccy?.value ?? null;
      if (p === 'Document/BkToCstmrStmt/Stmt/Ntry/Amt' && entry) entry.currency = ccy;
      else if (p === 'Document/BkToCstmrStmt/Stmt/Bal/Amt' && bal) bal.currency = ccy;
      else if (tx && (p.endsWith('/TxDtls/Amt') || p.endsWith('/TxDtls/AmtDtls/TxAmt/Amt'))) tx.currency = ccy;
    }
  };

  parser.ontext = (t) => {
    text += t;
  };
  parser.oncdata = (t) => {
    text += t;
  };

  parser.onclosetag = () => {
    const p = path();
    const value = text.trim();
    const S = 'Document/BkToCstmrStmt/Stmt';
    if (p === `${S}/Id`) statementId = value;
    else if (p === `${S}/Acct/Id/IBAN` || p === `${S}/Acct/Id/Othr/Id`) account = value;
    else if (p === `${S}/Acct/Ccy`) accountCurrency = value;
    else if (bal && p.startsWith(`${S}/Bal/`)) {
      if (p === `${S}/Bal/Tp/CdOrPrtry/Cd` || p === `${S}/Bal/Tp/CdOrPrtry/Prtry`) bal.type = value;
      else if (p === `${S}/Bal/Amt`) bal.amount = value;
      else if (p === `${S}/Bal/CdtDbtInd`) bal.direction = value;
      else if (p === `${S}/Bal/Dt/Dt` || p === `${S}/Bal/Dt/DtTm`) bal.date = dateOf(value);
    } else if (p === `${S}/Bal` && bal) {
      const b: BalanceState = bal;
      if (!b.type || !b.amount || !b.currency)
        throw invalidStatement(b.line, 'a Bal needs Tp/CdOrPrtry, Amt with Ccy and CdtDbtInd');
      const amount = parseBankAmount(b.amount, b.currency, b.line, { allowZero: true });
      const negative = b.direction === 'DBIT';
      if (b.direction !== 'CRDT' && b.direction !== 'DBIT')
        throw invalidStatement(b.line, 'a Bal needs CdtDbtInd CRDT or DBIT');
      balances.push({
        type: b.type,
        amount: negative ? `-${amount.format()}` : amount.format(),
        currency: amount.currency,
        date: b.date ? checkDate(b.date, b.line, 'balance date') : null,
      });
      bal = null;
    } else if (entry && tx && p.startsWith(`${S}/Ntry/NtryDtls/TxDtls/`)) {
      const t: TxState = tx;
      const rest = p.slice(`${S}/Ntry/NtryDtls/TxDtls/`.length);
      if (rest === 'Amt' || rest === 'AmtDtls/TxAmt/Amt') t.amount = value;
      else if (rest === 'CdtDbtInd') t.direction = value;
      else if (rest.startsWith('Refs/')) t.refs[rest.slice(5)] = value;
      else if (rest === 'RltdPties/Dbtr/Pty/Nm' || rest === 'RltdPties/Dbtr/Nm') t.debtor = value;
      else if (rest === 'RltdPties/Cdtr/Pty/Nm' || rest === 'RltdPties/Cdtr/Nm') t.creditor = value;
      else if (rest === 'RmtInf/Ustrd') t.remittance.push(value);
    } else if (p === `${S}/Ntry/NtryDtls/TxDtls`) {
      tx = null;
    } else if (entry && p.startsWith(`${S}/Ntry/`)) {
      const e: EntryState = entry;
      const rest = p.slice(`${S}/Ntry/`.length);
      if (rest === 'NtryRef') e.ntryRef = value;
      else if (rest === 'Amt') e.amount = value;
      else if (rest === 'CdtDbtInd') e.direction = value;
      else if (rest === 'RvslInd') e.reversal = value;
      else if (rest === 'Sts/Cd' || rest === 'Sts/Prtry' || (rest === 'Sts' && value)) e.status = value;
      else if (rest === 'BookgDt/Dt' || rest === 'BookgDt/DtTm') e.bookingDate = dateOf(value);
      else if (rest === 'ValDt/Dt' || rest === 'ValDt/DtTm') e.valueDate = dateOf(value);
      else if (rest === 'AcctSvcrRef') e.acctSvcrRef = value;
      else if (rest === 'AddtlNtryInf') e.info = value;
    } else if (p === `${S}/Ntry` && entry) {
      lines.push(...entryLines(entry, entryRefs));
      entry = null;
    }
    stack.pop();
    text = '';
  };

  try {
    for (let i = 0; i < xml.length; i += CHUNK) parser.write(xml.slice(i, i + CHUNK));
    parser.close();
  } catch (err) {
    if (pendingError) throw pendingError;
    throw err;
  }
  if (!rootChecked) throw invalidStatement(1, 'the document is empty');
  if (stmtCount === 0) throw invalidStatement(lineNow(), 'no BkToCstmrStmt/Stmt in the document');
  if (!statementId) throw invalidStatement(lineNow(), 'the Stmt has no Id');
  return {
    format: 'camt.053',
    statementId: cleanText(statementId),
    account: cleanText(account),
    currency: accountCurrency,
    balances,
    lines,
  };
}

function entryLines(e: EntryState, seenRefs: Set<string>): ParsedLine[] {
  const line = e.line;
  if (!e.amount || !e.currency) throw invalidStatement(line, 'an Ntry needs Amt with a Ccy attribute');
  const direction = DIRECTIONS[e.direction ?? ''];
  if (!direction)
    throw invalidStatement(
      line,
      `an Ntry needs CdtDbtInd CRDT or DBIT (got ${JSON.stringify((e.direction ?? '').slice(0, 10))})`,
    );
  const date = e.bookingDate ?? e.valueDate;
  if (!date) throw invalidStatement(line, 'an Ntry needs BookgDt/Dt (or ValDt/Dt)');
  const bookingDate = checkDate(date, line, 'booking date');
  const amount = parseBankAmount(e.amount, e.currency, line);
  if (e.reversal !== null && e.reversal !== 'true' && e.reversal !== 'false')
    throw invalidStatement(line, 'RvslInd must be true or false');
  const reversal = e.reversal === 'true';
  const status = e.status && e.status !== 'BOOK' ? e.status : null;
  if (e.ntryRef) {
    if (seenRefs.has(e.ntryRef))
      throw invalidStatement(line, `NtryRef ${JSON.stringify(e.ntryRef.slice(0, 35))} appears twice in the statement`);
    seenRefs.add(e.ntryRef);
  }

  const refsOf = (t: TxState | null): string[] => {
    const out: string[] = [];
    const add = (v: string | null | undefined) => {
      const c = cleanText(v);
      if (c && !NONE.has(c.toUpperCase()) && !out.includes(c)) out.push(c);
    };
    add(t?.refs.EndToEndId);
    add(e.acctSvcrRef);
    add(t?.refs.AcctSvcrRef);
    add(t?.refs.TxId);
    add(t?.refs.InstrId);
    add(t?.refs.PmtInfId);
    for (const u of t?.remittance ?? []) add(u);
    if (!t) add(e.info);
    return out;
  };
  const party = (t: TxState | null) => cleanText(direction === 'credit' ? (t?.debtor ?? null) : (t?.creditor ?? null));

  const make = (t: TxState | null, lineNo: number, entryRef: string | null, amt = amount): ParsedLine => {
    const references = refsOf(t);
    return {
      lineNo,
      entryRef,
      bookingDate,
      amount: amt,
      direction,
      reversal,
      reference: references[0] ?? null,
      references,
      counterparty: party(t),
      status,
    };
  };

  // a batch entry: one line per transaction when each carries its own amount
  if (e.txs.length > 1 && e.txs.every((t) => t.amount)) {
    let sum = 0n;
    const out = e.txs.map((t, k) => {
      const a = parseBankAmount(t.amount!, t.currency ?? e.currency!, t.line);
      if (a.currency !== amount.currency)
        throw invalidStatement(t.line, `the transaction is in ${a.currency}, its entry in ${amount.currency}`);
      if (t.direction && t.direction !== e.direction)
        throw invalidStatement(t.line, 'a transaction of a batch entry must go the way of its entry');
      sum += a.minor;
      return make(t, t.line, e.ntryRef ? `${e.ntryRef}#${k + 1}` : null, a);
    });
    if (sum !== amount.minor)
      throw invalidStatement(
        line,
        `the amounts of the entry's ${e.txs.length} transactions do not add up to the entry's amount`,
      );
    return out;
  }
  return [make(e.txs[0] ?? null, line, e.ntryRef)];
}
