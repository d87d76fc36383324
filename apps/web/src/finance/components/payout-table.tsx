import type { JSX } from 'preact';
import { formatDay } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, MoneyCell, num } from '../../shared/table';
import type { Payout } from '../types';

/** Payouts, one a row: of a run just made, or of the whole list. */
export function PayoutTable(props: { rows: Payout[]; testid?: string }): JSX.Element {
  return (
    <DataTable
      testid={props.testid}
      cols={[
        t('finance:payoutTable.runDay'),
        t('finance:payoutTable.to'),
        t('finance:payoutTable.endToEndReference'),
        num(t('finance:payoutTable.amount')),
        t('finance:payoutTable.status'),
      ]}
      rows={props.rows}
      row={(p) => (
        <tr key={p.id}>
          <td>{p.date ? formatDay(p.date) : ''}</td>
          <td class="mono small">
            {p.merchantId ? (
              <>
                {t('finance:payoutTable.merchant')} <span translate={false}>{p.merchantId}</span>
              </>
            ) : p.withdrawalId ? (
              <>
                {t('finance:payoutTable.withdrawal')} <span translate={false}>{p.withdrawalId}</span>
              </>
            ) : (
              ''
            )}
          </td>
          <td class="mono small" translate={false}>
            {p.endToEndReference ?? ''}
          </td>
          <MoneyCell amount={p.amount} currency={p.currency} />
          <td>
            <StatusBadge status={p.status} ok="paid" bad="returned">
              {t(`finance:payoutStatus.${p.status}`)}
            </StatusBadge>
          </td>
        </tr>
      )}
    />
  );
}
