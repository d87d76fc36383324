import { Money } from '@saoma/money';
import {
  type PayoutCandidate,
  REASONS,
  type TopupCandidate,
  matchStatementLines,
} from '../../src/treasury/statement-matcher';
import type { ParsedLine } from '../../src/treasury/statement.types';

let n = 0;
const line = (
  direction: 'credit' | 'debit',
  amount: string,
  reference: string | null,
  extra: Partial<ParsedLine> = {},
): ParsedLine => ({
  lineNo: ++n + 1,
  entryRef: null,
  bookingDate: '2026-11-26',
  amount: Money.parse(amount, extra.amount?.currency ?? 'CNY'),
  direction,
  reversal: false,
  reference,
  references: reference ? [reference] : [],
  counterparty: null,
  status: null,
  ...extra,
});

const payout = (
  e2e: string,
  amount: bigint,
  status: PayoutCandidate['status'] = 'pending',
  extra: Partial<PayoutCandidate> = {},
): PayoutCandidate => ({
  id: `p-${e2e}`,
  endToEndReference: e2e,
  amount,
  currency: 'CNY',
  status,
  merchantId: 'm1',
  withdrawalId: null,
  consumerId: null,
  ...extra,
});
const topup = (ref: string, amount: bigint, matched = false, currency = 'CNY'): TopupCandidate => ({
  id: `t-${ref}`,
  bankReference: ref,
  amount,
  currency,
  matched,
});

const summary = (ds: ReturnType<typeof matchStatementLines>) =>
  ds.map((d) =>
    d.status === 'unmatched'
      ? d.reason
      : d.kind === 'topup'
        ? `topup ${d.topupId}`
        : d.kind === 'payout_paid'
          ? `paid ${d.payout.id}`
          : `returned ${d.payout.id} from ${d.from}`,
  );

describe('matching statement lines', () => {
  it('confirms a pending payout by end-to-end reference and amount, then refuses a second confirmation', () => {
    const p = payout('SAOMA-P-1', 1000n);
    expect(
      summary(matchStatementLines([line('debit', '10.00', 'saoma-p-1'), line('debit', '10.00', 'SAOMA-P-1')], [p], [])),
    ).toEqual(['paid p-SAOMA-P-1', REASONS.alreadyMatched]);
    expect(p.status).toBe('paid');
  });

  it('returns a paid or a pending payout on a credit with its reference, once', () => {
    const paid = payout('SAOMA-P-2', 500n, 'paid');
    const pending = payout('SAOMA-P-3', 700n);
    expect(
      summary(
        matchStatementLines(
          [
            line('credit', '5.00', 'SAOMA-P-2', { reversal: true }),
            line('credit', '7.00', 'SAOMA-P-3'),
            line('credit', '7.00', 'SAOMA-P-3'),
          ],
          [paid, pending],
          [],
        ),
      ),
    ).toEqual(['returned p-SAOMA-P-2 from paid', 'returned p-SAOMA-P-3 from pending', REASONS.payoutReturned]);
  });

  it('a payout confirmed then returned in one statement', () => {
    const p = payout('SAOMA-P-4', 100n);
    expect(
      summary(
        matchStatementLines(
          [line('debit', '1.00', 'SAOMA-P-4'), line('credit', '1.00', 'SAOMA-P-4', { reversal: true })],
          [p],
          [],
        ),
      ),
    ).toEqual(['paid p-SAOMA-P-4', 'returned p-SAOMA-P-4 from paid']);
  });

  it('matches top-ups by bank reference, currency and amount, once across statements', () => {
    const fresh = topup('BANK-1', 10000n);
    const done = topup('BANK-2', 500n, true);
    expect(
      summary(
        matchStatementLines(
          [
            line('credit', '100.00', 'BANK-1'),
            line('credit', '100.00', 'BANK-1'),
            line('credit', '5.00', 'BANK-2'),
            line('credit', '99.00', 'BANK-3'),
            line('credit', '1', 'BANK-2', { amount: Money.parse('1', 'JPY') }),
          ],
          [],
          [fresh, done, topup('BANK-3', 9800n)],
        ),
      ),
    ).toEqual([
      'topup t-BANK-1',
      REASONS.alreadyMatched,
      REASONS.alreadyMatched,
      REASONS.amountDiffers,
      REASONS.currencyDiffers,
    ]);
  });

  it('says why a line is left unmatched', () => {
    expect(
      summary(
        matchStatementLines(
          [
            line('credit', '1.00', 'NOBODY'),
            line('debit', '1.00', 'NOBODY'),
            line('debit', '1.00', null),
            line('debit', '2.00', 'SAOMA-P-5'),
            line('debit', '1.00', 'BANK-9'),
            line('debit', '1.00', 'BANK-9', { reversal: true }),
            line('credit', '1.00', 'ELSE', { reversal: true }),
            line('debit', '1.00', 'SAOMA-P-5', { status: 'PDNG' }),
          ],
          [payout('SAOMA-P-5', 100n)],
          [topup('BANK-9', 100n)],
        ),
      ),
    ).toEqual([
      REASONS.noTopup,
      REASONS.noPayout,
      REASONS.noReference,
      REASONS.amountDiffers,
      REASONS.debitForTopup,
      REASONS.topupReversal,
      REASONS.reversalWithoutPayout,
      'entry not booked (status PDNG)',
    ]);
  });

  it('tries every reference of a line (EndToEndId first, then the bank’s)', () => {
    const l = line('credit', '3.00', 'NOTHING');
    l.references = ['NOTHING', 'BANK-7'];
    expect(summary(matchStatementLines([l], [], [topup('BANK-7', 300n)]))).toEqual(['topup t-BANK-7']);
  });
});
