import type { ParsedLine } from './statement.types';
import type { PayoutStatus } from './payouts.repository';

/** A payout a line may confirm or return (locked by the import). */
export interface PayoutCandidate {
  id: string;
  endToEndReference: string;
  amount: bigint;
  currency: string;
  status: PayoutStatus;
  merchantId: string | null;
  withdrawalId: string | null;
  consumerId: string | null;
}

/** A top-up a credit line may confirm (locked by the import). */
export interface TopupCandidate {
  id: string;
  bankReference: string;
  amount: bigint;
  currency: string;
  /** Already confirmed by a line of an earlier statement. */
  matched: boolean;
}

export type MatchKind = 'topup' | 'payout_paid' | 'payout_returned';

export type LineDecision =
  | { status: 'matched'; kind: 'topup'; topupId: string; reference: string }
  | { status: 'matched'; kind: 'payout_paid'; payout: PayoutCandidate; reference: string }
  | { status: 'matched'; kind: 'payout_returned'; payout: PayoutCandidate; from: 'pending' | 'paid'; reference: string }
  | { status: 'unmatched'; reason: string };

export const REASONS = {
  notBooked: (s: string) => `entry not booked (status ${s})`,
  noReference: 'no reference',
  noTopup: 'no top-up with this bank reference',
  noPayout: 'no payout with this end-to-end reference',
  amountDiffers: 'amount differs',
  currencyDiffers: 'currency differs',
  alreadyMatched: 'already matched',
  payoutReturned: 'payout already returned',
  debitForTopup: 'a debit with the reference of a top-up',
  topupReversal: 'reversal of a top-up credit: to be booked by hand',
  reversalWithoutPayout: 'reversal without a matching payout',
} as const;

/**
 * Decide every line of a statement, in order, against the locked candidates.
 * Pure: the statuses of the candidates are updated as the lines consume
 * them, so two lines cannot confirm the same thing.
 *
 * - A debit matches a payout (merchant payout or consumer withdrawal) by
 *   end-to-end reference, currency and amount: a pending payout becomes paid.
 * - A credit with a payout's end-to-end reference (a bank return; RvslInd
 *   or not) returns a pending or paid payout.
 * - Any other credit matches a top-up by bank reference, currency and amount.
 * - Everything else is unmatched, with the reason.
 */
export function matchStatementLines(
  lines: ParsedLine[],
  payouts: PayoutCandidate[],
  topups: TopupCandidate[],
): LineDecision[] {
  const payoutByRef = new Map(payouts.map((p) => [p.endToEndReference.toUpperCase(), p]));
  const topupsByRef = new Map<string, TopupCandidate[]>();
  for (const t of topups) topupsByRef.set(t.bankReference, [...(topupsByRef.get(t.bankReference) ?? []), t]);

  return lines.map((l): LineDecision => {
    if (l.status) return { status: 'unmatched', reason: REASONS.notBooked(l.status) };
    if (!l.references.length) return { status: 'unmatched', reason: REASONS.noReference };
    let payout: PayoutCandidate | undefined;
    let payoutRef = '';
    for (const r of l.references) {
      payout = payoutByRef.get(r.toUpperCase());
      if (payout) {
        payoutRef = r;
        break;
      }
    }
    let topupSameCurrency: TopupCandidate | undefined;
    let topupAnyCurrency: TopupCandidate | undefined;
    let topupRef = '';
    for (const r of l.references) {
      const ts = topupsByRef.get(r);
      if (!ts) continue;
      topupSameCurrency = ts.find((t) => t.currency === l.amount.currency);
      topupAnyCurrency ??= ts[0];
      if (topupSameCurrency) {
        topupRef = r;
        break;
      }
    }

    const checkPayout = (p: PayoutCandidate): string | null => {
      if (p.currency !== l.amount.currency) return REASONS.currencyDiffers;
      if (p.amount !== l.amount.minor) return REASONS.amountDiffers;
      return null;
    };

    if (l.direction === 'debit') {
      if (l.reversal)
        return {
          status: 'unmatched',
          reason: topupSameCurrency || topupAnyCurrency ? REASONS.topupReversal : REASONS.noTopup,
        };
      if (!payout)
        return {
          status: 'unmatched',
          reason: topupSameCurrency || topupAnyCurrency ? REASONS.debitForTopup : REASONS.noPayout,
        };
      const bad = checkPayout(payout);
      if (bad) return { status: 'unmatched', reason: bad };
      if (payout.status === 'paid') return { status: 'unmatched', reason: REASONS.alreadyMatched };
      if (payout.status === 'returned') return { status: 'unmatched', reason: REASONS.payoutReturned };
      payout.status = 'paid';
      return { status: 'matched', kind: 'payout_paid', payout, reference: payoutRef };
    }

    // credit
    if (payout) {
      const bad = checkPayout(payout);
      if (bad) return { status: 'unmatched', reason: bad };
      if (payout.status === 'returned') return { status: 'unmatched', reason: REASONS.payoutReturned };
      const from = payout.status;
      payout.status = 'returned';
      return { status: 'matched', kind: 'payout_returned', payout, from, reference: payoutRef };
    }
    if (l.reversal) return { status: 'unmatched', reason: REASONS.reversalWithoutPayout };
    if (!topupSameCurrency)
      return { status: 'unmatched', reason: topupAnyCurrency ? REASONS.currencyDiffers : REASONS.noTopup };
    if (topupSameCurrency.amount !== l.amount.minor) return { status: 'unmatched', reason: REASONS.amountDiffers };
    if (topupSameCurrency.matched) return { status: 'unmatched', reason: REASONS.alreadyMatched };
    topupSameCurrency.matched = true;
    return { status: 'matched', kind: 'topup', topupId: topupSameCurrency.id, reference: topupRef };
  });
}
