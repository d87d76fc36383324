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
  transfer_out: 'Sent',
  transfer_in: 'Received',
  transfer_returned: 'Transfer came back',
  red_envelope_sent: 'Red envelope sent',
  red_envelope_received: 'Red envelope',
  red_envelope_returned: 'Red envelope: the rest came back',
  bill: 'Bill',
};
const merchantName = (m: Tx['merchant']): string | undefined => (typeof m === 'string' ? m : m?.name);

/** One movement of the wallet, in the recent activity and the statement. */
export function TxLine({ tx }: { tx: Tx }): JSX.Element {
  const who = tx.counterparty?.displayName ?? merchantName(tx.merchant);
  const out = tx.amount.startsWith('-');
  return (
    <li class="tx">
      <div>
        <p class="tx-title">
          {TX_LABEL[tx.type] ?? tx.type}
          {who ? ` · ${who}` : ''}
          {tx.billReference ? ` · ${tx.billReference}` : ''}
        </p>
        <p class="muted small">{formatTime(tx.createdAt)}</p>
      </div>
      <p class={`amount ${out ? 'neg' : 'pos'}`}>{formatMoney(tx.amount, tx.currency, { sign: true })}</p>
    </li>
  );
}
