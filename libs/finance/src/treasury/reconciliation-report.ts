import { Money } from '@saoma/money';
import type {
  AccountMismatch,
  AwaitingPayout,
  BankUnmatchedLine,
  CurrencyReconciliation,
  Mismatch,
  PeopleMismatch,
  ReconciliationReport,
} from './reconciliation.service';
import type { PeopleMismatchRow } from './people-reconciliation.repository';
import type {
  AwaitingPayoutRow,
  BankDayRow,
  ClosingBalanceRow,
  FundsRow,
  LedgerMismatchRow,
  UnmatchedBankLineRow,
} from './reconciliation.repository';

/*
 * The reconciliation report's rules, as pure functions of what the
 * repository read: the totals per currency, the safeguarding equation, the
 * problems in words, the figures at the top.
 */

const fmt = (minor: string | bigint, currency: string) => Money.ofMinor(minor, currency).format();

export function toMismatch(r: LedgerMismatchRow): Mismatch {
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

export function currencyFunds(
  f: FundsRow,
): Omit<
  CurrencyReconciliation,
  'ledgerBalanced' | 'totalDebits' | 'totalCredits' | 'bankMatched' | 'bankUnmatched' | 'bankStatementBalance'
> {
  const c = f.currency;
  const B = (s: string) => BigInt(s);
  const customer = B(f.consumers) + B(f.merchants);
  const heldForPeople = B(f.transfers_transit) + B(f.envelopes_transit);
  const expected =
    customer +
    B(f.transit) +
    heldForPeople +
    B(f.fee_revenue) -
    B(f.marketing) +
    B(f.other_credit_normal) -
    B(f.other_debit_normal);
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
    transfersInTransit: fmt(f.transfers_transit, c),
    pendingTransfers: fmt(f.pending_transfers, c),
    envelopesInTransit: fmt(f.envelopes_transit, c),
    unclaimedEnvelopes: fmt(f.unclaimed_envelopes, c),
    heldForPeopleMatchesPending:
      B(f.transfers_transit) === B(f.pending_transfers) && B(f.envelopes_transit) === B(f.unclaimed_envelopes),
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

/** Debits and credits of all postings per currency, in minor units. */
export interface PostingTotals {
  currency: string;
  debits: bigint;
  credits: bigint;
}

/**
 * The postings' totals without another pass over the postings: the stored
 * counters' sums, corrected by (postings − counters) of the accounts where
 * they differ (verifyBalances lists them all).
 */
export function postingTotals(
  funds: FundsRow[],
  mismatched: AccountMismatch[],
  currencyOfAccount: ReadonlyMap<string, string>,
): PostingTotals[] {
  return funds.map((f) => {
    let debits = BigInt(f.stored_debits);
    let credits = BigInt(f.stored_credits);
    for (const a of mismatched) {
      if (currencyOfAccount.get(a.accountId) !== f.currency) continue;
      debits += BigInt(a.postedDebits) - BigInt(a.storedDebits);
      credits += BigInt(a.postedCredits) - BigInt(a.storedCredits);
    }
    return { currency: f.currency, debits, credits };
  });
}

const zeroFunds = (currency: string): FundsRow => ({
  currency,
  consumers: '0',
  merchants: '0',
  bank: '0',
  transit: '0',
  fee_revenue: '0',
  marketing: '0',
  transfers_transit: '0',
  envelopes_transit: '0',
  other_debit_normal: '0',
  other_credit_normal: '0',
  pending_payouts: '0',
  pending_withdrawals: '0',
  pending_count: '0',
  pending_transfers: '0',
  unclaimed_envelopes: '0',
  stored_debits: '0',
  stored_credits: '0',
});

/** One block per currency that has postings, funds or bank lines (and the one asked for), in code order. */
export function currencyReconciliations(read: {
  totals: PostingTotals[];
  funds: FundsRow[];
  bankDay: BankDayRow[];
  closing: ClosingBalanceRow[];
  asked: string | null;
}): CurrencyReconciliation[] {
  const currencies = new Set<string>([
    ...read.totals.map((t) => t.currency),
    ...read.funds.map((f) => f.currency),
    ...read.bankDay.map((b) => b.currency),
  ]);
  if (read.asked) currencies.add(read.asked);
  return [...currencies].sort().map((c) => {
    const t = read.totals.find((x) => x.currency === c) ?? { currency: c, debits: 0n, credits: 0n };
    const b = read.bankDay.find((x) => x.currency === c);
    const cl = read.closing.find((x) => x.currency === c);
    return {
      ...currencyFunds(read.funds.find((x) => x.currency === c) ?? zeroFunds(c)),
      ledgerBalanced: t.debits === t.credits,
      totalDebits: fmt(t.debits, c),
      totalCredits: fmt(t.credits, c),
      bankMatched: Number(b?.matched ?? 0),
      bankUnmatched: Number(b?.unmatched ?? 0),
      bankStatementBalance: cl ? { statementId: cl.statement_id, date: cl.date, amount: cl.amount } : null,
    };
  });
}

export function toBankUnmatchedLine(l: UnmatchedBankLineRow): BankUnmatchedLine {
  return {
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
  };
}

/** A payout still in transit; overdue when its run is of a day before the one reconciled. */
export function toAwaitingPayout(p: AwaitingPayoutRow, date: string): AwaitingPayout {
  return {
    id: p.id,
    runDate: p.run_date,
    ...(p.merchant_id ? { merchantId: p.merchant_id } : {}),
    ...(p.withdrawal_id ? { withdrawalId: p.withdrawal_id } : {}),
    amount: fmt(p.amount, p.currency),
    currency: p.currency,
    endToEndReference: p.end_to_end_reference,
    overdue: p.run_date < date,
  };
}

/** What the checks found, as the problems are worded from it. */
export interface Findings {
  date: string;
  currencies: CurrencyReconciliation[];
  mismatchCount: number;
  /** Postings of transfers and envelopes that disagree with their rows (and their entries without a row). */
  peopleMismatchCount: number;
  accountMismatches: AccountMismatch[];
  bankUnmatchedCount: number;
  overduePayouts: number;
}

/** A transfer's or an envelope's posting that differs from its row, or an entry of theirs without a row. */
export function toPeopleMismatch(r: PeopleMismatchRow): PeopleMismatch {
  const f = (v: string | null) => (r.currency && v !== null ? fmt(v, r.currency) : undefined);
  return {
    problem: r.problem,
    ...(r.doc_type ? { type: r.doc_type as PeopleMismatch['type'], id: r.doc_id ?? undefined } : {}),
    entryId: r.entry_id,
    entryKind: r.entry_kind,
    ...(r.currency ? { currency: r.currency } : {}),
    ...(r.account_code ? { account: r.account_code } : {}),
    ...(r.expected !== null ? { expectedNetDebit: f(r.expected), actualNetDebit: f(r.actual) } : {}),
  };
}

/** Every check that does not hold, in words; none means reconciled. */
export function problemsOf(f: Findings): string[] {
  const problems: string[] = [];
  for (const c of f.currencies) {
    if (!c.ledgerBalanced)
      problems.push(`${c.currency}: the postings do not balance (debits ${c.totalDebits}, credits ${c.totalCredits})`);
    if (c.difference !== fmt(0n, c.currency))
      problems.push(
        `${c.currency}: bank balance ${c.bankBalance} differs from customer funds, transit and platform result (${c.expectedBankBalance}) by ${c.difference}`,
      );
    if (!c.heldForPeopleMatchesPending)
      problems.push(
        `${c.currency}: held for people (transfers ${c.transfersInTransit}, envelopes ${c.envelopesInTransit}) differs from pending transfers ${c.pendingTransfers} and unclaimed envelopes ${c.unclaimedEnvelopes}`,
      );
    if (!c.inTransitMatchesPayouts)
      problems.push(
        `${c.currency}: payouts in transit ${c.inTransit} differ from pending payouts ${c.pendingPayouts} and withdrawals ${c.pendingWithdrawals}`,
      );
  }
  if (f.mismatchCount) problems.push(`${f.mismatchCount} payment/refund row(s) and ledger entries disagree`);
  if (f.peopleMismatchCount)
    problems.push(`${f.peopleMismatchCount} posting(s) of transfers and red envelopes disagree with their rows`);
  for (const a of f.accountMismatches)
    problems.push(
      `account ${a.code}: stored debits/credits ${a.storedDebits}/${a.storedCredits}, postings ${a.postedDebits}/${a.postedCredits}`,
    );
  if (f.bankUnmatchedCount) problems.push(`${f.bankUnmatchedCount} bank statement line(s) of ${f.date} unmatched`);
  if (f.overduePayouts)
    problems.push(`${f.overduePayouts} payout(s) from runs before ${f.date} not yet confirmed by a bank statement`);
  return problems;
}

type Headline = Pick<
  ReconciliationReport,
  | 'currency'
  | 'customerFunds'
  | 'consumerFunds'
  | 'merchantFunds'
  | 'bankBalance'
  | 'inTransit'
  | 'feeRevenue'
  | 'marketingExpense'
  | 'expectedBankBalance'
  | 'difference'
>;

/** The top-level figures: those of the currency asked for, else the first; zeros when there is none. */
export function headline(top: CurrencyReconciliation | undefined): Headline {
  const zero = top ? fmt(0n, top.currency) : '0';
  return {
    currency: top?.currency ?? null,
    customerFunds: top?.customerFunds ?? zero,
    consumerFunds: top?.consumerFunds ?? zero,
    merchantFunds: top?.merchantFunds ?? zero,
    bankBalance: top?.bankBalance ?? zero,
    inTransit: top?.inTransit ?? zero,
    feeRevenue: top?.feeRevenue ?? zero,
    marketingExpense: top?.marketingExpense ?? zero,
    expectedBankBalance: top?.expectedBankBalance ?? zero,
    difference: top?.difference ?? zero,
  };
}
