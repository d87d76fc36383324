import type { JSX } from 'preact';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, MoneyCell, num } from '../../shared/table';
import type { Payout } from '../types';

/** Payouts, one a row: of a run just made, or of the whole list. */
export function PayoutTable(props: { rows: Payout[]; testid?: string }): JSX.Element {
  return (
    <DataTable
      testid={props.testid}
      cols={['Run day', 'To', 'End-to-end reference', num('Amount'), 'Status']}
      rows={props.rows}
      row={(p) => (
        <tr key={p.id}>
          <td>{p.date ?? ''}</td>
          <td class="mono small">
            {p.merchantId ? `merchant ${p.merchantId}` : p.withdrawalId ? `withdrawal ${p.withdrawalId}` : ''}
          </td>
          <td class="mono small">{p.endToEndReference ?? ''}</td>
          <MoneyCell amount={p.amount} currency={p.currency} />
          <td>
            <StatusBadge status={p.status} ok="paid" bad="returned" />
          </td>
        </tr>
      )}
    />
  );
}
