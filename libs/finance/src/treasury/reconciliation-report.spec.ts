import type { FundsRow } from './reconciliation.repository';
import {
  currencyReconciliations,
  headline,
  postingTotals,
  problemsOf,
  toAwaitingPayout,
} from './reconciliation-report';

const funds = (over: Partial<FundsRow> = {}): FundsRow => ({
  currency: 'CNY',
  consumers: '7000',
  merchants: '2970',
  bank: '10000',
  transit: '0',
  fee_revenue: '30',
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
  stored_debits: '10000',
  stored_credits: '10000',
  ...over,
});

describe('the reconciliation report, from what was read', () => {
  it('holds the safeguarding equation: bank = customer funds + in transit + fees − marketing', () => {
    const [cny] = currencyReconciliations({
      totals: postingTotals([funds()], [], new Map()),
      funds: [funds()],
      bankDay: [],
      closing: [],
      asked: null,
    });
    expect(cny).toMatchObject({
      customerFunds: '99.70',
      expectedBankBalance: '100.00',
      difference: '0.00',
      ledgerBalanced: true,
    });
    expect(
      problemsOf({
        date: '2026-12-05',
        currencies: [cny],
        mismatchCount: 0,
        peopleMismatchCount: 0,
        accountMismatches: [],
        bankUnmatchedCount: 0,
        overduePayouts: 0,
      }),
    ).toEqual([]);
  });

  it('counts money held for people (transfers waiting, envelopes unclaimed) as owed, and checks it against what is pending', () => {
    const held = funds({ consumers: '6500', transfers_transit: '300', envelopes_transit: '200' });
    const read = (f: FundsRow) =>
      currencyReconciliations({
        totals: postingTotals([f], [], new Map()),
        funds: [f],
        bankDay: [],
        closing: [],
        asked: null,
      })[0];
    const findings = (c: ReturnType<typeof read>) => ({
      date: '2026-12-05',
      currencies: [c],
      mismatchCount: 0,
      peopleMismatchCount: 0,
      accountMismatches: [],
      bankUnmatchedCount: 0,
      overduePayouts: 0,
    });
    const ok = read({ ...held, pending_transfers: '300', unclaimed_envelopes: '200' });
    expect(ok).toMatchObject({ difference: '0.00', heldForPeopleMatchesPending: true, transfersInTransit: '3.00' });
    expect(problemsOf(findings(ok))).toEqual([]);

    const off = read({ ...held, pending_transfers: '300', unclaimed_envelopes: '150' });
    expect(off.heldForPeopleMatchesPending).toBe(false);
    expect(problemsOf(findings(off))).toEqual([
      'CNY: held for people (transfers 3.00, envelopes 2.00) differs from pending transfers 3.00 and unclaimed envelopes 1.50',
    ]);
    expect(problemsOf({ ...findings(ok), peopleMismatchCount: 2 })).toEqual([
      '2 posting(s) of transfers and red envelopes disagree with their rows',
    ]);
  });

  it('corrects the counters by the accounts whose postings differ, so an unbalanced ledger shows', () => {
    const off = {
      accountId: 'a1',
      code: 'merchant:m:CNY',
      storedDebits: '0',
      storedCredits: '100',
      postedDebits: '0',
      postedCredits: '101',
    };
    const totals = postingTotals([funds()], [off], new Map([['a1', 'CNY']]));
    expect(totals).toEqual([{ currency: 'CNY', debits: 10000n, credits: 10001n }]);
    const [cny] = currencyReconciliations({ totals, funds: [funds()], bankDay: [], closing: [], asked: null });
    const problems = problemsOf({
      date: '2026-12-05',
      currencies: [cny],
      mismatchCount: 2,
      peopleMismatchCount: 0,
      accountMismatches: [off],
      bankUnmatchedCount: 1,
      overduePayouts: 3,
    });
    expect(problems).toEqual([
      'CNY: the postings do not balance (debits 100.00, credits 100.01)',
      '2 payment/refund row(s) and ledger entries disagree',
      'account merchant:m:CNY: stored debits/credits 0/100, postings 0/101',
      '1 bank statement line(s) of 2026-12-05 unmatched',
      '3 payout(s) from runs before 2026-12-05 not yet confirmed by a bank statement',
    ]);
  });

  it('names an unexplained bank difference and a transit that pending payouts do not explain', () => {
    const [cny] = currencyReconciliations({
      totals: [],
      funds: [funds({ bank: '10050', transit: '50', pending_payouts: '20' })],
      bankDay: [],
      closing: [],
      asked: null,
    });
    expect(cny).toMatchObject({ difference: '0.00', inTransitMatchesPayouts: false });
    const [odd] = currencyReconciliations({
      totals: [],
      funds: [funds({ bank: '9990' })],
      bankDay: [],
      closing: [],
      asked: null,
    });
    expect(
      problemsOf({
        date: 'd',
        currencies: [odd],
        mismatchCount: 0,
        peopleMismatchCount: 0,
        accountMismatches: [],
        bankUnmatchedCount: 0,
        overduePayouts: 0,
      }),
    ).toEqual(['CNY: bank balance 99.90 differs from customer funds, transit and platform result (100.00) by -0.10']);
  });

  it('shows the asked currency even without a posting, in zeros, and heads the report with it', () => {
    const blocks = currencyReconciliations({ totals: [], funds: [funds()], bankDay: [], closing: [], asked: 'JPY' });
    expect(blocks.map((b) => b.currency)).toEqual(['CNY', 'JPY']);
    expect(headline(blocks[1])).toMatchObject({ currency: 'JPY', customerFunds: '0', difference: '0' });
    expect(headline(undefined)).toMatchObject({ currency: null, difference: '0' });
  });

  it('calls a payout overdue only when its run is of an earlier day', () => {
    const row = {
      id: 'p',
      run_date: '2026-12-04',
      merchant_id: 'm',
      withdrawal_id: null,
      amount: '990',
      currency: 'CNY',
      end_to_end_reference: 'E2E',
      created_at: new Date(),
      total: '1',
      overdue_total: '1',
    };
    expect(toAwaitingPayout(row, '2026-12-05')).toMatchObject({ overdue: true, amount: '9.90', merchantId: 'm' });
    expect(toAwaitingPayout({ ...row, run_date: '2026-12-05' }, '2026-12-05').overdue).toBe(false);
  });
});
