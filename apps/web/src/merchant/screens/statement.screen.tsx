import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { CsvButton } from '../../shared/csv-button';
import { formatTime, todayUtc } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { merchant as english } from '../locales/merchant.en';
import { merchantMessages } from '../messages';
import type { Ctx } from '../types';

/** A line's kind in words; a kind the portal does not know yet shows as itself (data). */
function lineType(type: string): JSX.Element | string {
  return Object.prototype.hasOwnProperty.call(english.statement.types, type) ? (
    t(`merchant:statement.types.${type as keyof typeof english.statement.types}`)
  ) : (
    <span translate={false}>{type}</span>
  );
}

/** The daily statement: opening and closing balance, the day's movements, as CSV too. */
export function Statement(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:statement.title'), appName());
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
      <h1>{t('merchant:statement.heading')}</h1>
      <div class="row">
        <Field label={t('merchant:statement.day')} type="date" value={date} onValue={setDate} max={todayUtc()} />
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
        messages={{ ...merchantMessages(), not_found: t('merchant:statement.unavailable') }}
      />
      {st.loading && <Spinner />}
      {s && (
        <div class="card">
          <div class="row stat-row">
            <p>
              <DataText
                text={(m) => t('merchant:statement.opening', m)}
                values={{
                  amount: (
                    <strong class="amount" translate={false}>
                      {formatMoney(s.openingBalance, s.currency)}
                    </strong>
                  ),
                }}
              />
            </p>
            <p>
              <DataText
                text={(m) => t('merchant:statement.closing', m)}
                values={{
                  amount: (
                    <strong class="amount" translate={false}>
                      {formatMoney(s.closingBalance, s.currency)}
                    </strong>
                  ),
                }}
              />
            </p>
          </div>
          {s.data.length === 0 ? (
            <p class="muted">{t('merchant:statement.none')}</p>
          ) : (
            <DataTable
              testid="statement"
              class="stack-sm"
              cols={[
                t('merchant:statement.cols.time'),
                t('merchant:statement.cols.type'),
                t('merchant:statement.cols.order'),
                t('merchant:statement.cols.payer'),
                num(t('merchant:statement.cols.amount')),
                num(t('merchant:statement.cols.discount')),
                num(t('merchant:statement.cols.fee')),
                num(t('merchant:statement.cols.net')),
              ]}
              rows={s.data}
              row={(l, i) => (
                <tr key={i}>
                  <td data-label={t('merchant:statement.cols.time')}>{formatTime(l.at)}</td>
                  <td data-label={t('merchant:statement.cols.type')}>{lineType(l.type)}</td>
                  <td data-label={t('merchant:statement.cols.order')}>
                    <span translate={false}>{l.orderReference ?? ''}</span>
                  </td>
                  <td class="mono nowrap" data-label={t('merchant:statement.cols.payer')}>
                    <span translate={false}>{l.payer ?? ''}</span>
                  </td>
                  <MoneyCell label={t('merchant:statement.cols.amount')} amount={l.amount} currency={s.currency} />
                  <MoneyCell label={t('merchant:statement.cols.discount')} amount={l.discount} currency={s.currency} />
                  <MoneyCell label={t('merchant:statement.cols.fee')} amount={l.fee} currency={s.currency} />
                  <MoneyCell label={t('merchant:statement.cols.net')} amount={l.net} currency={s.currency} sign />
                </tr>
              )}
            />
          )}
        </div>
      )}
    </div>
  );
}
