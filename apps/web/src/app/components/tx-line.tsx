import type { JSX } from 'preact';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import type { Tx } from '../types';

/** The kind of a line, in the language shown. */
function txLabel(type: Tx['type']): string {
  const labels: Record<Tx['type'], string> = {
    topup: t('app:tx.topup'),
    payment: t('app:tx.payment'),
    refund: t('app:tx.refund'),
    withdrawal: t('app:tx.withdrawal'),
    withdrawal_returned: t('app:tx.withdrawal_returned'),
    transfer_out: t('app:tx.transfer_out'),
    transfer_in: t('app:tx.transfer_in'),
    transfer_returned: t('app:tx.transfer_returned'),
    red_envelope_sent: t('app:tx.red_envelope_sent'),
    red_envelope_received: t('app:tx.red_envelope_received'),
    red_envelope_returned: t('app:tx.red_envelope_returned'),
    bill: t('app:tx.bill'),
  };
  return labels[type] ?? type;
}
const merchantName = (m: Tx['merchant']): string | undefined => (typeof m === 'string' ? m : m?.name);

/** One movement of the wallet, in the recent activity and the statement. */
export function TxLine({ tx }: { tx: Tx }): JSX.Element {
  const who = tx.counterparty?.displayName ?? merchantName(tx.merchant);
  const out = tx.amount.startsWith('-');
  return (
    <li class="tx">
      <div>
        <p class="tx-title">
          {txLabel(tx.type)}
          {who && (
            <>
              {' · '}
              <span translate={false}>{who}</span>
            </>
          )}
          {tx.billReference && (
            <>
              {' · '}
              <span translate={false}>{tx.billReference}</span>
            </>
          )}
        </p>
        <p class="muted small">{formatTime(tx.createdAt)}</p>
      </div>
      <p class={`amount ${out ? 'neg' : 'pos'}`} translate={false}>
        {formatMoney(tx.amount, tx.currency, { sign: true })}
      </p>
    </li>
  );
}
