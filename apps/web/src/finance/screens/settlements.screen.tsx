import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { CsvButton } from '../../shared/csv-button';
import { todayUtc } from '../../shared/dates';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { APP, CURRENCIES } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** Settlements: what each merchant's balance changed by in a day, as CSV too. */
export function Settlements(ctx: Ctx): JSX.Element {
  useScreen('Settlements', APP);
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
      <h1>Settlements</h1>
      <p class="muted">
        What each merchant's balance changed by from one UTC day's payments and refunds: net = gross − discounts −
        refunds − fees.
      </p>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} />
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
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
      <ErrorBox error={error ?? st.error} messages={MESSAGES} />
      {s && s.data.length === 0 && (
        <p class="card">
          No payments or refunds in {s.currency} on {s.date}.
        </p>
      )}
      {s && s.data.length > 0 && (
        <DataTable
          wrap="card table-wrap"
          testid="settlements"
          class="stack-sm"
          cols={['Merchant', num('Payments'), num('Gross'), num('Discounts'), num('Refunds'), num('Fees'), num('Net')]}
          rows={s.data}
          row={(l) => (
            <tr key={l.merchantId} data-merchant-id={l.merchantId}>
              <td data-label="Merchant">
                <div>
                  {l.merchantName ?? ''}
                  <div class="muted small mono">{l.merchantId}</div>
                </div>
              </td>
              <td class="num" data-label="Payments">
                {l.paymentCount}
              </td>
              <MoneyCell label="Gross" amount={l.gross} currency={s.currency} />
              <MoneyCell label="Discounts" amount={l.discounts} currency={s.currency} />
              <MoneyCell label="Refunds" amount={l.refunds} currency={s.currency} />
              <MoneyCell label="Fees" amount={l.fees} currency={s.currency} />
              <MoneyCell label="Net" amount={l.net} currency={s.currency} strong />
            </tr>
          )}
        />
      )}
    </div>
  );
}
