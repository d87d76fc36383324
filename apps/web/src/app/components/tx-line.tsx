import type { JSX } from 'preact';
import { formatTime } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import type { Tx } from '../types';

const TX_LABEL: Record<Tx['type'], string> = {
  topup: 'Top-up',
  payment: 'Payment',
  refund: 'Refund',
  withdrawal: 'Withdrawal',
  withdrawal_returned: 'Withdrawal returned',
};
const merchantName = (m: Tx['merchant']): string | undefined => (typeof m === 'string' ? m : m?.name);

/** One movement of the wallet, in the recent activity and the statement. */
export function TxLine({ tx }: { tx: Tx }): JSX.Element {
  const who = merchantName(tx.merchant);
  const out = tx.amount.startsWith('-');
  return (
    <li class="tx">
      <div>
        <p class="tx-title">
          {TX_LABEL[tx.type] ?? tx.type}
          {who ? ` · ${who}` : ''}
        </p>
        <p class="muted small">{formatTime(tx.createdAt)}</p>
      </div>
      <p class={`amount ${out ? 'neg' : 'pos'}`}>{formatMoney(tx.amount, tx.currency, { sign: true })}</p>
    </li>
  );
}
