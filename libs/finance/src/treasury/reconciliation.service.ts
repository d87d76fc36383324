import { Injectable } from '@nestjs/common';
import { LedgerService } from '@saoma/ledger';
import { currencyOf } from '@saoma/money';
import { type LedgerMismatchRow, ReconciliationRepository } from './reconciliation.repository';
import { utcDayBounds } from '../utc-day';
import type { UnmatchedLine } from './bank-statements.service';
import { assertTreasuryDay } from './treasury-error';
import {
  type Findings,
  currencyReconciliations,
  headline,
  postingTotals,
  problemsOf,
  toAwaitingPayout,
  toBankUnmatchedLine,
  toMismatch,
  toPeopleMismatch,
} from './reconciliation-report';
import { PeopleReconciliationRepository } from './people-reconciliation.repository';

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

/** A transfer's or a red envelope's entry against its row (see PeopleReconciliationRepository). */
export interface PeopleMismatch {
  /** A posting that differs from what the row calls for, or an entry of their kinds that no row names. */
  problem: 'amounts_differ' | 'orphan_entry';
  type?: 'transfer' | 'red_envelope';
  id?: string;
  entryId: string;
  entryKind: string;
  currency?: string;
  /** The account whose net debit differs. */
  account?: string;
  expectedNetDebit?: string;
  actualNetDebit?: string;
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
  /** Transfers waiting for a phone to register: the in-transit account, and the pending transfers' sum. */
  transfersInTransit: string;
  pendingTransfers: string;
  /** Red envelopes sent and not yet claimed or returned: the in-transit account, and the unclaimed shares' sum. */
  envelopesInTransit: string;
  unclaimedEnvelopes: string;
  /** Both in-transit accounts equal what is pending. */
  heldForPeopleMatchesPending: boolean;
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
  /** Every transfer and envelope entry of the day is what its row says, and each belongs to a row. */
  peopleMatchLedger: boolean;
  peopleMismatches: PeopleMismatch[];
  peopleMismatchCount: number;
  heldForPeopleMatchesPending: boolean;
  currencies: CurrencyReconciliation[];
}

@Injectable()
export class ReconciliationService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly repo: ReconciliationRepository,
    private readonly people: PeopleReconciliationRepository,
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
    const [ledgerRows, peopleRows, accounts, funds, bankDay, unmatched, awaiting, closing] = await Promise.all([
      this.ledgerMismatches(start, end, cur),
      this.people.mismatches(start, end, cur),
      this.ledger.verifyBalances(),
      this.repo.funds(cur),
      this.repo.bankDay(date, cur),
      this.repo.unmatchedBankLines(date, cur),
      this.repo.awaitingBank(date, cur),
      this.repo.closingBalances(date, cur),
    ]);
    const currencyOfAccount = new Map(
      (await this.repo.currenciesOf(accounts.map((a) => a.accountId))).map((a) => [a.id, a.currency]),
    );
    const currencies = currencyReconciliations({
      totals: postingTotals(funds, accounts, currencyOfAccount),
      funds,
      bankDay,
      closing,
      asked: cur,
    });
    const found: Findings = {
      date,
      currencies,
      mismatchCount: ledgerRows.count,
      peopleMismatchCount: Number(peopleRows[0]?.total ?? 0),
      accountMismatches: accounts
        .filter((a) => !cur || currencyOfAccount.get(a.accountId) === cur)
        .map((a) => ({ ...a })),
      bankUnmatchedCount: Number(unmatched[0]?.total ?? 0),
      overduePayouts: Number(awaiting[0]?.overdue_total ?? 0),
    };
    const problems = problemsOf(found);
    return {
      date,
      ...headline(cur ? currencies.find((c) => c.currency === cur) : currencies[0]),
      asOf: asOf.toISOString(),
      reconciled: problems.length === 0,
      problems,
      ledgerBalanced: currencies.every((c) => c.ledgerBalanced),
      paymentsMatchLedger: found.mismatchCount === 0,
      mismatches: ledgerRows.rows.map(toMismatch),
      mismatchCount: found.mismatchCount,
      accountsMatchPostings: found.accountMismatches.length === 0,
      accountMismatches: found.accountMismatches,
      bankMatched: currencies.reduce((n, c) => n + c.bankMatched, 0),
      bankUnmatched: unmatched.map(toBankUnmatchedLine),
      bankUnmatchedCount: found.bankUnmatchedCount,
      payoutsAwaitingBank: awaiting.map((p) => toAwaitingPayout(p, date)),
      payoutsAwaitingBankCount: Number(awaiting[0]?.total ?? 0),
      inTransitMatchesPayouts: currencies.every((c) => c.inTransitMatchesPayouts),
      peopleMatchLedger: found.peopleMismatchCount === 0,
      peopleMismatches: peopleRows.map(toPeopleMismatch),
      peopleMismatchCount: found.peopleMismatchCount,
      heldForPeopleMatchesPending: currencies.every((c) => c.heldForPeopleMatchesPending),
      currencies,
    };
  }
}
