import { t } from '../shared/i18n';

/** The service's reasons for a bank line left unmatched (libs/finance statement-matcher), as keys of the texts. */
const REASONS = {
  'no reference': 'noReference',
  'no top-up with this bank reference': 'noTopup',
  'no payout with this end-to-end reference': 'noPayout',
  'amount differs': 'amountDiffers',
  'currency differs': 'currencyDiffers',
  'already matched': 'alreadyMatched',
  'payout already returned': 'payoutReturned',
  'a debit with the reference of a top-up': 'debitForTopup',
  'reversal of a top-up credit: to be booked by hand': 'topupReversal',
  'reversal without a matching payout': 'reversalWithoutPayout',
} as const;

/** Why a bank line is unmatched, in the language shown; null for a reason the console does not know (shown as data). */
export function reasonText(reason: string): string | null {
  const known = Object.hasOwn(REASONS, reason) ? REASONS[reason as keyof typeof REASONS] : null;
  if (known) return t(`finance:bank.reasons.${known}`);
  const notBooked = /^entry not booked \(status (.+)\)$/.exec(reason);
  if (notBooked) return t('finance:bank.reasons.notBooked', { status: notBooked[1] });
  return null;
}
