import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { CsvButton } from '../../shared/csv-button';
import { formatDay, todayUtc } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { CURRENCIES, appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';

/** Settlements: what each merchant's balance changed by in a day, as CSV too. */
export function Settlements(ctx: Ctx): JSX.Element {
  useScreen(t('finance:settlements.title'), appName());
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const [error, setError] = useState<unknown>(null);
  const st = useLoad(
    () =>
      date
        ? ctx.guard(
            unwrap(
              api.GET('/v1/finance/settlements', { headers: bearer(ctx.key), params: { query: { date, currency } } }),
            ),
          )
        : Promise.resolve(undefined),
    [date, currency],
  );
  const s = st.data;
  return (
    <div>
      <h1>{t('finance:settlements.title')}</h1>
      <p class="muted">{t('finance:settlements.intro')}</p>
      <div class="row">
        <Field label={t('finance:fields.dayUtc')} type="date" value={date} onValue={setDate} />
        <Select label={t('finance:fields.currency')} value={currency} onValue={setCurrency} options={CURRENCIES} />
        <CsvButton
          load={() =>
            ctx.guard(
              unwrapBlob(
                api.GET('/v1/finance/settlements', {
                  headers: { ...bearer(ctx.key), accept: 'text/csv' },
                  params: { query: { date, currency } },
                  parseAs: 'blob',
                }),
              ),
            )
          }
          filename={`saoma-settlements-${date}-${currency}.csv`}
          disabled={!date}
          setError={setError}
        />
      </div>
      {st.loading && <Spinner />}
      <ErrorBox error={error ?? st.error} messages={financeMessages()} />
      {s && s.data.length === 0 && (
        <p class="card">{t('finance:settlements.none', { currency: s.currency, date: formatDay(s.date) })}</p>
      )}
      {s && s.data.length > 0 && (
        <DataTable
          wrap="card table-wrap"
          testid="settlements"
          class="stack-sm"
          cols={[
            t('finance:settlements.merchant'),
            num(t('finance:settlements.payments')),
            num(t('finance:settlements.gross')),
            num(t('finance:settlements.discounts')),
            num(t('finance:settlements.refunds')),
            num(t('finance:settlements.fees')),
            num(t('finance:settlements.net')),
          ]}
          rows={s.data}
          row={(l) => (
            <tr key={l.merchantId} data-merchant-id={l.merchantId}>
              <td data-label={t('finance:settlements.merchant')}>
                <div translate={false}>
                  {l.merchantName ?? ''}
                  <div class="muted small mono">{l.merchantId}</div>
                </div>
              </td>
              <td class="num" data-label={t('finance:settlements.payments')}>
                {l.paymentCount}
              </td>
              <MoneyCell label={t('finance:settlements.gross')} amount={l.gross} currency={s.currency} />
              <MoneyCell label={t('finance:settlements.discounts')} amount={l.discounts} currency={s.currency} />
              <MoneyCell label={t('finance:settlements.refunds')} amount={l.refunds} currency={s.currency} />
              <MoneyCell label={t('finance:settlements.fees')} amount={l.fees} currency={s.currency} />
              <MoneyCell label={t('finance:settlements.net')} amount={l.net} currency={s.currency} strong />
            </tr>
          )}
        />
      )}
    </div>
  );
}
