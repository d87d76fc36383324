import crypto from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { JsonLogger } from '@saoma/common';
import { inTransaction } from '@saoma/database';
import { type Account, LedgerService, PlatformAccount, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { TreasuryMovementsService } from '@saoma/payments';
import { DataSource, type EntityManager } from 'typeorm';
import { type BankLineRow, type BankStatementRow, BankStatementsRepository } from './bank-statements.repository';
import { parseCamt053Statement } from './camt053-statement.parser';
import { parseCsvStatement } from './csv-statement.parser';
import { type LineDecision, matchStatementLines, type PayoutCandidate, type TopupCandidate } from './statement-matcher';
import { type ParsedLine, type ParsedStatement, type StatementFormat, invalidStatement } from './statement.types';
import { TreasuryError } from './treasury-error';

export interface UnmatchedLine {
  line: number;
  entryRef?: string;
  date: string;
  amount: string;
  currency: string;
  direction: 'credit' | 'debit';
  reversal?: boolean;
  reference: string | null;
  counterparty?: string;
  reason: string;
}

export interface MatchedLine {
  line: number;
  kind: 'topup' | 'payout_paid' | 'payout_returned';
  reference: string | null;
  amount: string;
  currency: string;
  topupId?: string;
  payoutId?: string;
  entryId?: string;
}

export interface StatementImport {
  /** The import's id (GET /v1/finance/bank-statements/{id}). */
  id: string;
  /** The bank's statement id (camt.053 Stmt/Id; CSV: the `statementId` given, else `csv-` and a digest of the lines). */
  statementId: string;
  format: StatementFormat;
  account: string | null;
  importedAt: Date;
  lines: number;
  matched: number;
  unmatched: UnmatchedLine[];
  matchedLines: MatchedLine[];
  balances: ParsedStatement['balances'];
}

export interface ImportResult {
  result: StatementImport;
  /** False when this statement had been imported before: the first import's result, nothing changed. */
  created: boolean;
}

const STATEMENT_ID = /^[\x21-\x7e][\x20-\x7e]{0,139}$/;

/** Everything that identifies a statement's content (not its layout): two files that say the same are the same statement. */
function contentHash(p: ParsedStatement): string {
  const canonical = JSON.stringify({
    format: p.format,
    account: p.account,
    lines: p.lines.map((l) => [
      l.entryRef,
      l.bookingDate,
      l.amount.currency,
      l.amount.minor.toString(),
      l.direction,
      l.reversal,
      l.references,
      l.counterparty,
      l.status,
    ]),
  });
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

function toResult(s: BankStatementRow, lines: BankLineRow[]): StatementImport {
  const money = (l: BankLineRow) => Money.ofMinor(l.amount, l.currency).format();
  const unmatched: UnmatchedLine[] = [];
  const matchedLines: MatchedLine[] = [];
  for (const l of lines) {
    if (l.status === 'unmatched') {
      unmatched.push({
        line: l.line_no,
        ...(l.entry_ref ? { entryRef: l.entry_ref } : {}),
        date: l.booking_date,
        amount: money(l),
        currency: l.currency,
        direction: l.direction,
        ...(l.reversal ? { reversal: true } : {}),
        reference: l.reference,
        ...(l.counterparty ? { counterparty: l.counterparty } : {}),
        reason: l.reason ?? '',
      });
    } else {
      matchedLines.push({
        line: l.line_no,
        kind: l.match_kind!,
        reference: l.reference,
        amount: money(l),
        currency: l.currency,
        ...(l.topup_id ? { topupId: l.topup_id } : {}),
        ...(l.payout_id ? { payoutId: l.payout_id } : {}),
        ...(l.entry_id ? { entryId: l.entry_id } : {}),
      });
    }
  }
  return {
    id: s.id,
    statementId: s.statement_id,
    format: s.format,
    account: s.account,
    importedAt: new Date(s.imported_at),
    lines: lines.length,
    matched: matchedLines.length,
    unmatched,
    matchedLines,
    balances: s.balances ?? [],
  };
}

/**
 * Bank statement import: parse (CSV or camt.053) before touching the
 * database, then one transaction: claim the statement id, lock the payouts
 * and top-ups the lines name, decide every line, post the bank side of the
 * confirmed payouts and the returns, mark payouts (and withdrawals) paid or
 * returned, write every line with its outcome. A malformed file imports
 * nothing; the same statement again changes nothing and answers with the
 * first import's result.
 */
/** The bank and payouts-in-transit accounts of each currency. */
type Platform = Map<string, { bank: Account; transit: Account }>;

type PayoutChange = {
  id: string;
  status: 'paid' | 'returned';
  settledEntryId: string | null;
  returnedEntryId: string | null;
};

/** A statement line as stored: the line's own fields, then what it matched (nothing by default). */
function lineRow(
  l: ParsedLine,
  match: Pick<BankLineRow, 'reference' | 'status'> &
    Partial<Pick<BankLineRow, 'match_kind' | 'topup_id' | 'payout_id' | 'entry_id' | 'reason'>>,
): BankLineRow {
  return {
    line_no: l.lineNo,
    entry_ref: l.entryRef,
    booking_date: l.bookingDate,
    amount: l.amount.minor.toString(),
    currency: l.amount.currency,
    direction: l.direction,
    reversal: l.reversal,
    counterparty: l.counterparty,
    match_kind: null,
    topup_id: null,
    payout_id: null,
    entry_id: null,
    reason: null,
    ...match,
  };
}

@Injectable()
export class BankStatementsService {
  constructor(
    private readonly ds: DataSource,
    private readonly ledger: LedgerService,
    private readonly repo: BankStatementsRepository,
    private readonly movements: TreasuryMovementsService,
    @Optional() private readonly logger?: JsonLogger,
  ) {}

  parse(body: string, format: StatementFormat): ParsedStatement {
    if (typeof body !== 'string' || !body.trim()) throw invalidStatement(1, 'the statement is empty');
    return format === 'csv' ? parseCsvStatement(body) : parseCamt053Statement(body);
  }

  async import(
    input: { body: string; format: StatementFormat; statementId?: string | null },
    operatorId: string | null = null,
  ): Promise<ImportResult> {
    const parsed = this.parse(input.body, input.format);
    const hash = contentHash(parsed);
    const given = input.statementId ? input.statementId.trim() : null;
    if (given !== null && !STATEMENT_ID.test(given))
      throw new TreasuryError('invalid_statement', 'statementId must be 1 to 140 printable ASCII characters', {
        line: 0,
      });
    if (given && parsed.statementId && given !== parsed.statementId) {
      throw new TreasuryError(
        'invalid_statement',
        `statementId ${given} is not the document's Stmt/Id ${parsed.statementId}`,
        { line: 0 },
      );
    }
    const statementId = parsed.statementId ?? given ?? `csv-${hash.slice(0, 32)}`;
    if (!STATEMENT_ID.test(statementId))
      throw invalidStatement(1, 'the statement id must be 1 to 140 printable ASCII characters');

    // platform accounts exist before the transaction (creating one inside would lock it out of order)
    const platform = new Map<string, { bank: Account; transit: Account }>();
    for (const c of new Set(parsed.lines.map((l) => l.amount.currency))) {
      platform.set(c, {
        bank: await this.ledger.ensureAccount(PlatformAccount.bank(c)),
        transit: await this.ledger.ensureAccount(PlatformAccount.payoutsInTransit(c)),
      });
    }

    const out = await inTransaction(this.ds, async (em) => {
      const claimed = await this.repo.claim(
        {
          statementId,
          format: parsed.format,
          contentHash: hash,
          account: parsed.account,
          currency: parsed.currency,
          balances: parsed.balances,
          operatorId,
        },
        em,
      );
      if (!claimed) {
        const existing = await this.repo.findByStatementId(statementId, em);
        if (!existing) throw new Error(`statement ${statementId} vanished`);
        if (existing.content_hash !== hash) {
          throw new TreasuryError(
            'statement_conflict',
            `Statement ${statementId} was imported on ${new Date(existing.imported_at).toISOString()} with other lines.`,
          );
        }
        return { result: toResult(existing, await this.repo.linesOf(existing.id, em)), created: false };
      }
      return { result: await this.importLines(claimed, parsed, platform, em), created: true };
    });
    if (out.created) {
      this.logger?.event(
        'info',
        {
          context: 'BankStatements',
          statementId,
          format: parsed.format,
          lines: out.result.lines,
          matched: out.result.matched,
          unmatched: out.result.unmatched.length,
        },
        `bank statement ${statementId} imported`,
      );
    }
    return out;
  }

  private async importLines(
    statement: BankStatementRow,
    parsed: ParsedStatement,
    platform: Platform,
    em: EntityManager,
  ): Promise<StatementImport> {
    const refs = [...new Set(parsed.lines.flatMap((l) => l.references))];
    const decisions = matchStatementLines(
      parsed.lines,
      await this.lockPayouts(refs, em),
      await this.lockTopups(refs, em),
    );
    const wallets = await this.lockAccountsOf(decisions, platform, em);

    const rows: BankLineRow[] = [];
    const payoutChanges = new Map<string, PayoutChange>();
    const withdrawalChanges = new Map<string, 'paid' | 'returned'>();
    for (const [i, l] of parsed.lines.entries()) {
      const d = decisions[i];
      if (d.status === 'unmatched') {
        rows.push(lineRow(l, { reference: l.reference, status: 'unmatched', reason: d.reason }));
      } else if (d.kind === 'topup') {
        rows.push(lineRow(l, { reference: d.reference, status: 'matched', match_kind: 'topup', topup_id: d.topupId }));
      } else {
        const entryId = await this.postPayoutLine(statement, l, d, platform, wallets, em);
        const p = d.payout;
        const returned = d.kind === 'payout_returned';
        const prev = payoutChanges.get(p.id);
        payoutChanges.set(p.id, {
          id: p.id,
          status: returned ? 'returned' : 'paid',
          settledEntryId: returned ? (prev?.settledEntryId ?? null) : entryId,
          returnedEntryId: returned ? entryId : null,
        });
        if (p.withdrawalId) withdrawalChanges.set(p.withdrawalId, returned ? 'returned' : 'paid');
        const row = {
          reference: d.reference,
          status: 'matched',
          match_kind: d.kind,
          payout_id: p.id,
          entry_id: entryId,
        } as const;
        rows.push(lineRow(l, row));
      }
    }
    await this.repo.updatePayouts([...payoutChanges.values()], em);
    await this.movements.settleWithdrawals(
      [...withdrawalChanges].map(([id, status]) => ({ id, status })),
      em,
    );
    await this.repo.insertLines(statement.id, rows, em);
    const matched = rows.filter((r) => r.status === 'matched').length;
    const updated = await this.repo.setCounts(statement.id, rows.length, matched, em);
    return toResult(updated, rows);
  }

  /**
   * The accounts the matched payout lines will post to, locked in id order
   * before any posting (the bank and payouts in transit of their currency,
   * and the wallet a returned payout goes back to); the wallets by code.
   */
  private async lockAccountsOf(
    decisions: LineDecision[],
    platform: Platform,
    em: EntityManager,
  ): Promise<Map<string, Account>> {
    const wallets = new Map<string, Account>();
    const toLock = new Set<string>();
    for (const d of decisions) {
      if (d.status !== 'matched' || d.kind === 'topup') continue;
      const p = platform.get(d.payout.currency)!;
      toLock.add(p.bank.id).add(p.transit.id);
      if (d.kind !== 'payout_returned') continue;
      const spec = this.walletSpec(d.payout);
      if (!wallets.has(spec.code))
        wallets.set(
          spec.code,
          (await this.ledger.findAccountByCode(spec.code)) ?? (await this.ledger.ensureAccount(spec)),
        );
      toLock.add(wallets.get(spec.code)!.id);
    }
    await this.ledger.lockAccounts([...toLock], em);
    return wallets;
  }

  /**
   * The entry of a payout line: paid (payouts in transit → bank), or
   * returned (back to the wallet it left: from the bank when it had been
   * paid, from payouts in transit when it was still pending).
   */
  private async postPayoutLine(
    statement: BankStatementRow,
    l: ParsedLine,
    d: Extract<LineDecision, { kind: 'payout_paid' | 'payout_returned' }>,
    platform: Platform,
    wallets: Map<string, Account>,
    em: EntityManager,
  ): Promise<string> {
    const p = d.payout;
    const { bank, transit } = platform.get(p.currency)!;
    const amount = Money.of(p.amount, p.currency);
    const metadata = {
      payoutId: p.id,
      ...(p.merchantId ? { merchantId: p.merchantId } : { withdrawalId: p.withdrawalId, consumerId: p.consumerId }),
      bankStatementId: statement.statement_id,
      importId: statement.id,
      line: l.lineNo,
      bookingDate: l.bookingDate,
      endToEndReference: p.endToEndReference,
    };
    const entry =
      d.kind === 'payout_paid'
        ? {
            kind: 'payout_settled',
            reference: `payout-settled:${p.id}`,
            metadata,
            postings: [
              { accountId: transit.id, side: 'D' as const, amount },
              { accountId: bank.id, side: 'C' as const, amount },
            ],
          }
        : {
            kind: 'payout_return',
            reference: `payout-returned:${p.id}`,
            metadata: {
              ...metadata,
              returnedFrom: d.from,
              ...(p.withdrawalId ? { lineType: 'withdrawal_returned' } : {}),
            },
            postings: [
              { accountId: (d.from === 'paid' ? bank : transit).id, side: 'D' as const, amount },
              { accountId: wallets.get(this.walletSpec(p).code)!.id, side: 'C' as const, amount },
            ],
          };
    return (await this.ledger.post(entry, em)).entry.id;
  }

  /** The payouts the lines name, locked, each with the consumer its withdrawal came from. */
  private async lockPayouts(refs: string[], em: EntityManager): Promise<PayoutCandidate[]> {
    const payouts = await this.repo.lockPayoutsByReferences(refs, em);
    const withdrawals = payouts.flatMap((p) => (p.withdrawalId ? [p.withdrawalId] : []));
    const consumers = await this.movements.consumersOfWithdrawals(withdrawals, em);
    return payouts.map((p) => ({ ...p, consumerId: p.withdrawalId ? (consumers.get(p.withdrawalId) ?? null) : null }));
  }

  /** The top-ups the lines name, locked, each with whether an earlier statement already confirmed it. */
  private async lockTopups(refs: string[], em: EntityManager): Promise<TopupCandidate[]> {
    const topups = await this.movements.lockTopupsByBankReference(refs, em);
    const confirmed = await this.repo.confirmedTopups(
      topups.map((t) => t.id),
      em,
    );
    return topups.map((t) => ({ ...t, matched: confirmed.has(t.id) }));
  }

  private walletSpec(p: { merchantId: string | null; consumerId: string | null; currency: string }) {
    if (p.merchantId) return WalletAccount.merchant(p.merchantId, p.currency);
    if (p.consumerId) return WalletAccount.consumer(p.consumerId, p.currency);
    throw new Error('a payout without a merchant or a consumer');
  }

  async get(id: string): Promise<StatementImport> {
    const s = await this.repo.find(id);
    if (!s) throw new TreasuryError('statement_not_found', 'No such bank statement.');
    return toResult(s, await this.repo.linesOf(s.id));
  }
}
