import { Fragment, type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney, greaterThan } from '../../shared/money';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { RefundForm } from '../components/refund-form';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Ctx } from '../types';

/** Payments and refunds: the balance, the payments of a day, a refund form under each. */
export function Payments(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:payments.title'), appName());
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
      <h1>{t('merchant:payments.title')}</h1>
      <div class="row">
        <div class="card stat">
          <p class="muted small">{t('merchant:payments.balance')}</p>
          <p class="amount stat-value" data-testid="merchant-balance" translate={false}>
            {balance.data ? formatMoney(balance.data.balance, balance.data.currency) : '…'}
          </p>
        </div>
        <Field label={t('merchant:payments.day')} type="date" value={day} onValue={setDay} />
      </div>
      <p class="muted small">{t('merchant:payments.pseudonyms')}</p>
      {list.loading && <Spinner />}
      <ErrorBox error={list.error} messages={merchantMessages()} />
      {list.data && list.data.data.length === 0 && (
        <p class="card">{day ? t('merchant:payments.noneThatDay') : t('merchant:payments.noneYet')}</p>
      )}
      {list.data && list.data.data.length > 0 && (
        <DataTable
          wrap="table-wrap card"
          testid="payments"
          class="stack-sm"
          caption={t('merchant:payments.caption')}
          captionHidden
          cols={[
            t('merchant:payments.cols.time'),
            t('merchant:payments.cols.order'),
            t('merchant:payments.cols.payer'),
            num(t('merchant:payments.cols.amount')),
            num(t('merchant:payments.cols.fee')),
            num(t('merchant:payments.cols.net')),
            num(t('merchant:payments.cols.refunded')),
            t('merchant:payments.cols.status'),
            <span class="visually-hidden">{t('merchant:payments.cols.actions')}</span>,
          ]}
          rows={list.data.data}
          row={(p) => (
            <Fragment key={p.id}>
              <tr data-payment-id={p.id}>
                <td data-label={t('merchant:payments.cols.time')}>{formatTime(p.createdAt)}</td>
                <td data-label={t('merchant:payments.cols.order')}>
                  {p.orderReference ? (
                    <span translate={false}>{p.orderReference}</span>
                  ) : (
                    <span class="muted">{t('merchant:payments.staticCode')}</span>
                  )}
                </td>
                <td class="mono nowrap" data-label={t('merchant:payments.cols.payer')} data-testid="payer">
                  <span translate={false}>{p.payer}</span>
                </td>
                <MoneyCell label={t('merchant:payments.cols.amount')} amount={p.amount} currency={p.currency} />
                <MoneyCell label={t('merchant:payments.cols.fee')} amount={p.fee} currency={p.currency} />
                <MoneyCell label={t('merchant:payments.cols.net')} amount={p.net} currency={p.currency} />
                <td class="num" data-label={t('merchant:payments.cols.refunded')}>
                  {greaterThan(p.refunded, '0') ? formatMoney(p.refunded, p.currency) : '—'}
                </td>
                <td data-label={t('merchant:payments.cols.status')}>
                  <StatusBadge status={p.status} ok="succeeded">
                    {t(`merchant:payments.status.${p.status}`)}
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
                      {t('merchant:payments.refund')}
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
