import { Fragment, type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { formatMoney, greaterThan } from '../../shared/money';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { RefundForm } from '../components/refund-form';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** Payments and refunds: the balance, the payments of a day, a refund form under each. */
export function Payments(ctx: Ctx): JSX.Element {
  useScreen('Payments', APP);
  const [day, setDay] = useState('');
  const [n, setN] = useState(0);
  const list = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/merchant/payments', {
            headers: bearer(ctx.key),
            params: { query: day ? { from: day, to: day, limit: 200 } : { limit: 100 } },
          }),
        ),
      ),
    [day, n],
  );
  const balance = useLoad(() => ctx.guard(unwrap(api.GET('/v1/merchant/balance', { headers: bearer(ctx.key) }))), [n]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div>
      <h1>Payments</h1>
      <div class="row">
        <div class="card stat">
          <p class="muted small">Balance with Saoma</p>
          <p class="amount stat-value" data-testid="merchant-balance">
            {balance.data ? formatMoney(balance.data.balance, balance.data.currency) : '…'}
          </p>
        </div>
        <Field label="Day (UTC, empty for all)" type="date" value={day} onValue={setDay} />
      </div>
      <p class="muted small">
        Payers are shown by a pseudonym: the same customer has the same pseudonym at your shop, and Saoma never tells
        you who they are.
      </p>
      {list.loading && <Spinner />}
      <ErrorBox error={list.error} messages={MESSAGES} />
      {list.data && list.data.data.length === 0 && <p class="card">No payments{day ? ' that day' : ' yet'}.</p>}
      {list.data && list.data.data.length > 0 && (
        <DataTable
          wrap="table-wrap card"
          testid="payments"
          class="stack-sm"
          caption="Payments, newest first"
          captionHidden
          cols={[
            'Time',
            'Order / code',
            'Payer',
            num('Amount'),
            num('Fee'),
            num('Net'),
            num('Refunded'),
            'Status',
            <span class="visually-hidden">Actions</span>,
          ]}
          rows={list.data.data}
          row={(p) => (
            <Fragment key={p.id}>
              <tr data-payment-id={p.id}>
                <td data-label="Time">{formatTime(p.createdAt)}</td>
                <td data-label="Order / code">{p.orderReference ?? <span class="muted">static code</span>}</td>
                <td class="mono nowrap" data-label="Payer" data-testid="payer">
                  {p.payer}
                </td>
                <MoneyCell label="Amount" amount={p.amount} currency={p.currency} />
                <MoneyCell label="Fee" amount={p.fee} currency={p.currency} />
                <MoneyCell label="Net" amount={p.net} currency={p.currency} />
                <td class="num" data-label="Refunded">
                  {greaterThan(p.refunded, '0') ? formatMoney(p.refunded, p.currency) : '—'}
                </td>
                <td data-label="Status">
                  <StatusBadge status={p.status} ok="succeeded">
                    {p.status.replace('_', ' ')}
                  </StatusBadge>
                </td>
                <td class="full">
                  {p.status !== 'refunded' && (
                    <button
                      type="button"
                      class="btn btn-small btn-ghost"
                      aria-expanded={open === p.id}
                      onClick={() => setOpen(open === p.id ? null : p.id)}
                    >
                      Refund
                    </button>
                  )}
                </td>
              </tr>
              {open === p.id && (
                <tr key={`${p.id}-refund`} class="refund-row">
                  <td colSpan={9} class="full">
                    <RefundForm
                      ctx={ctx}
                      payment={p}
                      onDone={() => {
                        setOpen(null);
                        setN((x) => x + 1);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          )}
        />
      )}
    </div>
  );
}
