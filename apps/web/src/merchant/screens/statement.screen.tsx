import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { CsvButton } from '../../shared/csv-button';
import { formatTime, todayUtc } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** The daily statement: opening and closing balance, the day's movements, as CSV too. */
export function Statement(ctx: Ctx): JSX.Element {
  useScreen('Statement', APP);
  const [date, setDate] = useState(todayUtc);
  const [error, setError] = useState<unknown>(null);
  const st = useLoad(
    () =>
      date
        ? ctx.guard(
            unwrap(api.GET('/v1/merchant/statements/{date}', { headers: bearer(ctx.key), params: { path: { date } } })),
          )
        : Promise.resolve(undefined),
    [date],
  );
  const s = st.data;
  return (
    <div>
      <h1>Daily statement</h1>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} max={todayUtc()} />
        <CsvButton
          load={() =>
            ctx.guard(
              unwrapBlob(
                api.GET('/v1/merchant/statements/{date}', {
                  headers: { ...bearer(ctx.key), accept: 'text/csv' },
                  params: { path: { date } },
                  parseAs: 'blob',
                }),
              ),
            )
          }
          filename={`saoma-statement-${date}.csv`}
          disabled={!date}
          setError={setError}
        />
      </div>
      <ErrorBox
        error={error ?? st.error}
        messages={{ ...MESSAGES, not_found: 'Statements are not available on this server yet.' }}
      />
      {st.loading && <Spinner />}
      {s && (
        <div class="card">
          <div class="row stat-row">
            <p>
              Opening balance <strong class="amount">{formatMoney(s.openingBalance, s.currency)}</strong>
            </p>
            <p>
              Closing balance <strong class="amount">{formatMoney(s.closingBalance, s.currency)}</strong>
            </p>
          </div>
          {s.data.length === 0 ? (
            <p class="muted">No movements that day.</p>
          ) : (
            <DataTable
              testid="statement"
              class="stack-sm"
              cols={['Time', 'Type', 'Order', 'Payer', num('Amount'), num('Discount'), num('Fee'), num('Net')]}
              rows={s.data}
              row={(l, i) => (
                <tr key={i}>
                  <td data-label="Time">{formatTime(l.at)}</td>
                  <td data-label="Type">{l.type}</td>
                  <td data-label="Order">{l.orderReference ?? ''}</td>
                  <td class="mono nowrap" data-label="Payer">
                    {l.payer ?? ''}
                  </td>
                  <MoneyCell label="Amount" amount={l.amount} currency={s.currency} />
                  <MoneyCell label="Discount" amount={l.discount} currency={s.currency} />
                  <MoneyCell label="Fee" amount={l.fee} currency={s.currency} />
                  <MoneyCell label="Net" amount={l.net} currency={s.currency} sign />
                </tr>
              )}
            />
          )}
        </div>
      )}
    </div>
  );
}
