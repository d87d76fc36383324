import { Injectable } from '@nestjs/common';
import { LedgerService } from '@saoma/ledger';
import { Money, currencyOf } from '@saoma/money';
import { type FundsRow, type LedgerMismatchRow, ReconciliationRepository } from './reconciliation.repository';
import { utcDayBounds } from '../utc-day';
import type { UnmatchedLine } from './bank-statements.service';
import { assertTreasuryDay } from './treasury-error';

/** Net debit per role of an entry (a credit is negative), as money strings. */
export interface RoleAmounts {
  consumer: string;
  merchant: string;
  fee: string;
  marketing: string;
  other?: string;
  /** How many postings (one per non-zero role is right). */
  postings?: number;
  /** Postings on no account of the row's roles, plus one for a wallet of somebody else, plus one for another currency (0 is right). */
  otherPostings?: number;
}

export interface Mismatch {
  /** What is wrong: no entry for the row, an entry of another kind, amounts that differ, or an entry without a row. */
  problem: 'missing_entry' | 'wrong_kind' | 'amounts_differ' | 'orphan_entry';
  type: 'payment' | 'refund';
  /** The payment or refund id (absent for an orphan entry). */
  id?: string;
  reference: string;
  entryId?: string;
  entryKind?: string;
  currency: string | null;
  /** Net debit per role the row's amounts call for (negative: a credit). */
  expected?: RoleAmounts;
  /** Net debit per role the entry's postings make. */
  actual?: RoleAmounts;
  effectiveAt?: string;
}

export interface AccountMismatch {
  accountId: string;
  code: string;
  storedDebits: string;
  storedCredits: string;
  postedDebits: string;
  postedCredits: string;
}

/** An unmatched statement line, with the statement it came from. */
export interface BankUnmatchedLine extends UnmatchedLine {
  statementId: string;
  importId: string;
}

export interface AwaitingPayout {
  id: string;
  runDate: string;
  merchantId?: string;
  withdrawalId?: string;
  amount: string;
  currency: string;
  endToEndReference: string;
  /** From a run of an earlier day: the bank should have shown it by now. */
  overdue: boolean;
}

export interface CurrencyReconciliation {
  currency: string;
  /** Debits = credits over all postings in this currency. */
  ledgerBalanced: boolean;
  totalDebits: string;
  totalCredits: string;
  /** Consumer + merchant wallets: what the service owes its customers. */
  customerFunds: string;
  consumerFunds: string;
  merchantFunds: string;
  /** The ledger's bank account (platform:bank). */
  bankBalance: string;
  /** Payouts and withdrawals sent, not yet confirmed by a statement. */
  inTransit: string;
  feeRevenue: string;
  marketingExpense: string;
  /** Any other platform accounts (none today): debit-normal and credit-normal balances. */
  otherDebitBalances: string;
  otherCreditBalances: string;
  /** customerFunds + inTransit + feeRevenue − marketingExpense + otherCreditBalances − otherDebitBalances. */
  expectedBankBalance: string;
  /** bankBalance − expectedBankBalance: what nothing explains; 0 when all is well. */
  difference: string;
  /** Pending merchant payouts + pending withdrawals. */
  pendingPayouts: string;
  pendingWithdrawals: string;
  /** The in-transit account equals the pending payouts and withdrawals. */
  inTransitMatchesPayouts: boolean;
  bankMatched: number;
  bankUnmatched: number;
  /** The latest closing booked balance (camt.053 CLBD) on or before the day, for information. */
  bankStatementBalance: { statementId: string; date: string; amount: string } | null;
}

export interface ReconciliationReport {
  date: string;
  /** The currency of the top-level amounts (the one asked for, else the first). */
  currency: string | null;
  /** When the balances were read: they are the stored balances of that moment. */
  asOf: string;
  /** Everything below holds. */
  reconciled: boolean;
  /** What does not, in words. */
  problems: string[];
  ledgerBalanced: boolean;
  paymentsMatchLedger: boolean;
  mismatches: Mismatch[];
  mismatchCount: number;
  accountsMatchPostings: boolean;
  accountMismatches: AccountMismatch[];
  bankMatched: number;
  bankUnmatched: BankUnmatchedLine[];
  bankUnmatchedCount: number;
  payoutsAwaitingBank: AwaitingPayout[];
  payoutsAwaitingBankCount: number;
  customerFunds: string;
  consumerFunds: string;
  merchantFunds: string;
  bankBalance: string;
  inTransit: string;
  feeRevenue: string;
  marketingExpense: string;
  expectedBankBalance: string;
  difference: string;
  inTransitMatchesPayouts: boolean;
  currencies: CurrencyReconciliation[];
}

const fmt = (minor: string | bigint, currency: string) => Money.ofMinor(minor, currency).format();

function toMismatch(r: LedgerMismatchRow): Mismatch {
  const c = r.currency;
  const f = (v: string | null) => (c && v !== null ? fmt(v, c) : (v ?? '0'));
  // an orphan entry has no row: nothing is expected of it, and its date tells which day it claims
  const orphan = r.problem === 'orphan_entry';
  return {
    problem: r.problem,
    type: r.kind === 'refund' ? 'refund' : 'payment',
    ...(r.id ? { id: r.id } : {}),
    reference: r.reference,
    ...(r.entry_id ? { entryId: r.entry_id, entryKind: r.entry_kind ?? undefined } : {}),
    currency: c,
    ...(orphan
      ? {}
      : {
          expected: {
            consumer: f(r.e_consumer),
            merchant: f(r.e_merchant),
            fee: f(r.e_fee),
            marketing: f(r.e_marketing),
            postings: Number(r.expected_postings),
          },
        }),
    ...(r.entry_id
      ? {
          actual: {
            consumer: f(r.a_consumer),
            merchant: f(r.a_merchant),
            fee: f(r.a_fee),
            marketing: f(r.a_marketing),
            other: f(r.a_other),
            postings: Number(r.postings),
            otherPostings: Number(r.other_postings),
          },
        }
      : {}),
    ...(orphan && r.effective_at ? { effectiveAt: new Date(r.effective_at).toISOString() } : {}),
  };
}

function currencyFunds(
  f: FundsRow,
): Omit<
  CurrencyReconciliation,
  'ledgerBalanced' | 'totalDebits' | 'totalCredits' | 'bankMatched' | 'bankUnmatched' | 'bankStatementBalance'
> {
  const c = f.currency;
  const B = (s: string) => BigInt(s);
  const customer = B(f.consumers) + B(f.merchants);
  const expected =
    customer + B(f.transit) + B(f.fee_revenue) - B(f.marketing) + B(f.other_credit_normal) - B(f.other_debit_normal);
  const pending = B(f.pending_payouts) + B(f.pending_withdrawals);
  return {
    currency: c,
    customerFunds: fmt(customer, c),
    consumerFunds: fmt(f.consumers, c),
    merchantFunds: fmt(f.merchants, c),
    bankBalance: fmt(f.bank, c),
    inTransit: fmt(f.transit, c),
    feeRevenue: fmt(f.fee_revenue, c),
    marketingExpense: fmt(f.marketing, c),
    otherDebitBalances: fmt(f.other_debit_normal, c),
    otherCreditBalances: fmt(f.other_credit_normal, c),
    expectedBankBalance: fmt(expected, c),
    difference: fmt(B(f.bank) - expected, c),
    pendingPayouts: fmt(f.pending_payouts, c),
    pendingWithdrawals: fmt(f.pending_withdrawals, c),
    inTransitMatchesPayouts: B(f.transit) === pending,
  };
}

/**
 * The daily reconciliation: the ledger balanced per currency; every payment
 * and refund of the day has exactly the entry its amounts say and every such
 * entry of the day belongs to one; every account's stored balance equals its
 * postings; the day's bank lines matched; safeguarding: the bank balance
 * equals what the service owes its customers plus what is in transit plus
 * the platform's own result, so that `difference` is 0 when all is well.
 * Every figure comes from one set-based statement; they run side by side.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly repo: ReconciliationRepository,
  ) {}

  /**
   * Fingerprints of the day's rows and entries first; when they differ, one
   * pass over the day for candidates, then the few candidates in detail.
   */
  private async ledgerMismatches(
    start: Date,
    end: Date,
    currency: string | null,
  ): Promise<{ rows: LedgerMismatchRow[]; count: number }> {
    const fingerprints = await this.repo.ledgerFingerprints(start, end);
    if (fingerprints.rows.n === fingerprints.entries.n && fingerprints.rows.fp === fingerprints.entries.fp)
      return { rows: [], count: 0 };
    const candidates = await this.repo.ledgerMismatchCandidates(start, end);
    const rows = await this.repo.ledgerMismatchDetails(candidates, currency);
    // beyond the list limit the count is the candidates' (an entry dated another day than its row is not counted off there)
    const total = Number(candidates[0]?.total ?? 0);
    return { rows, count: total > candidates.length ? total : rows.length };
  }

  async report(date: string, currency?: string | null): Promise<ReconciliationReport> {
    assertTreasuryDay(date);
    const cur = currency ? currencyOf(currency).code : null;
    const { start, end } = utcDayBounds(date);
    const asOf = new Date();
    const [ledgerRows, accounts, funds, bankDay, unmatched, awaiting, closing] = await Promise.all([
      this.ledgerMismatches(start, end, cur),
      this.ledger.verifyBalances(),
      this.repo.funds(cur),
      this.repo.bankDay(date, cur),
      this.repo.unmatchedBankLines(date, cur),
      this.repo.awaitingBank(date, cur),
      this.repo.closingBalances(date, cur),
    ]);

    // Debits and credits of all postings per currency, without another pass over the postings: the stored
    // counters' sums, corrected by (postings − counters) of the accounts where they differ (verifyBalances lists them all).
    const currencyOfAccount = new Map(
      (await this.repo.currenciesOf(accounts.map((a) => a.accountId))).map((a) => [a.id, a.currency]),
    );
    const totals = funds.map((f) => {
      let debits = BigInt(f.stored_debits);
      let credits = BigInt(f.stored_credits);
      for (const a of accounts) {
        if (currencyOfAccount.get(a.accountId) !== f.currency) continue;
        debits += BigInt(a.postedDebits) - BigInt(a.storedDebits);
        credits += BigInt(a.postedCredits) - BigInt(a.storedCredits);
      }
      return { currency: f.currency, debits: debits.toString(), credits: credits.toString() };
    });
    const accountMismatches: AccountMismatch[] = accounts
      .filter((a) => !cur || currencyOfAccount.get(a.accountId) === cur)
      .map((a) => ({ ...a }));
    const mismatches = ledgerRows.rows.map(toMismatch);
    const mismatchCount = ledgerRows.count;

    const currencies = new Set<string>([
      ...totals.map((t) => t.currency),
      ...funds.map((f) => f.currency),
      ...bankDay.map((b) => b.currency),
    ]);
    if (cur) currencies.add(cur);
    const zeroFunds = (c: string): FundsRow => ({
      currency: c,
      consumers: '0',
      merchants: '0',
      bank: '0',
      transit: '0',
      fee_revenue: '0',
      marketing: '0',
      other_debit_normal: '0',
      other_credit_normal: '0',
      pending_payouts: '0',
      pending_withdrawals: '0',
      pending_count: '0',
      stored_debits: '0',
      stored_credits: '0',
    });
    const perCurrency: CurrencyReconciliation[] = [...currencies].sort().map((c) => {
      const t = totals.find((x) => x.currency === c) ?? { currency: c, debits: '0', credits: '0' };
      const b = bankDay.find((x) => x.currency === c);
      const cl = closing.find((x) => x.currency === c);
      const f = currencyFunds(funds.find((x) => x.currency === c) ?? zeroFunds(c));
      return {
        ...f,
        ledgerBalanced: BigInt(t.debits) === BigInt(t.credits),
        totalDebits: fmt(t.debits, c),
        totalCredits: fmt(t.credits, c),
        bankMatched: Number(b?.matched ?? 0),
        bankUnmatched: Number(b?.unmatched ?? 0),
        bankStatementBalance: cl ? { statementId: cl.statement_id, date: cl.date, amount: cl.amount } : null,
      };
    });

    const bankUnmatched: BankUnmatchedLine[] = unmatched.map((l) => ({
      statementId: l.statement_id,
      importId: l.import_id,
      line: l.line_no,
      ...(l.entry_ref ? { entryRef: l.entry_ref } : {}),
      date: l.booking_date,
      amount: fmt(l.amount, l.currency),
      currency: l.currency,
      direction: l.direction,
      ...(l.reversal ? { reversal: true } : {}),
      reference: l.reference,
      ...(l.counterparty ? { counterparty: l.counterparty } : {}),
      reason: l.reason,
    }));
    const payoutsAwaitingBank: AwaitingPayout[] = awaiting.map((p) => ({
      id: p.id,
      runDate: p.run_date,
      ...(p.merchant_id ? { merchantId: p.merchant_id } : {}),
      ...(p.withdrawal_id ? { withdrawalId: p.withdrawal_id } : {}),
      amount: fmt(p.amount, p.currency),
      currency: p.currency,
      endToEndReference: p.end_to_end_reference,
      overdue: p.run_date < date,
    }));
    const bankUnmatchedCount = Number(unmatched[0]?.total ?? 0);
    const payoutsAwaitingBankCount = Number(awaiting[0]?.total ?? 0);

    const problems: string[] = [];
    for (const c of perCurrency) {
      if (!c.ledgerBalanced)
        problems.push(
          `${c.currency}: the postings do not balance (debits ${c.totalDebits}, credits ${c.totalCredits})`,
        );
      if (c.difference !== fmt(0n, c.currency))
        problems.push(
          `${c.currency}: bank balance ${c.bankBalance} differs from customer funds, transit and platform result (${c.expectedBankBalance}) by ${c.difference}`,
        );
      if (!c.inTransitMatchesPayouts)
        problems.push(
          `${c.currency}: payouts in transit ${c.inTransit} differ from pending payouts ${c.pendingPayouts} and withdrawals ${c.pendingWithdrawals}`,
        );
    }
    if (mismatchCount) problems.push(`${mismatchCount} payment/refund row(s) and ledger entries disagree`);
    for (const a of accountMismatches)
      problems.push(
        `account ${a.code}: stored debits/credits ${a.storedDebits}/${a.storedCredits}, postings ${a.postedDebits}/${a.postedCredits}`,
      );
    if (bankUnmatchedCount) problems.push(`${bankUnmatchedCount} bank statement line(s) of ${date} unmatched`);
    const overdue = Number(awaiting[0]?.overdue_total ?? 0);
    if (overdue) problems.push(`${overdue} payout(s) from runs before ${date} not yet confirmed by a bank statement`);

    const top = cur ? perCurrency.find((c) => c.currency === cur)! : perCurrency[0];
    const zero = top ? fmt(0n, top.currency) : '0';
    return {
      date,
      currency: top?.currency ?? null,
      asOf: asOf.toISOString(),
      reconciled: problems.length === 0,
      problems,
      ledgerBalanced: perCurrency.every((c) => c.ledgerBalanced),
      paymentsMatchLedger: mismatchCount === 0,
      mismatches,
      mismatchCount,
      accountsMatchPostings: accountMismatches.length === 0,
      accountMismatches,
      bankMatched: perCurrency.reduce((n, c) => n + c.bankMatched, 0),
      bankUnmatched,
      bankUnmatchedCount,
      payoutsAwaitingBank,
      payoutsAwaitingBankCount,
      customerFunds: top?.customerFunds ?? zero,
      consumerFunds: top?.consumerFunds ?? zero,
      merchantFunds: top?.merchantFunds ?? zero,
      bankBalance: top?.bankBalance ?? zero,
      inTransit: top?.inTransit ?? zero,
      feeRevenue: top?.feeRevenue ?? zero,
      marketingExpense: top?.marketingExpense ?? zero,
      expectedBankBalance: top?.expectedBankBalance ?? zero,
      difference: top?.difference ?? zero,
      inTransitMatchesPayouts: perCurrency.every((c) => c.inTransitMatchesPayouts),
      currencies: perCurrency,
    };
  }
}
