import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import {
  BarChart,
  ChartTotals,
  currencyCategory,
  dayCategory,
  isZeroAmount,
  LineChart,
  ReadFromNote,
} from '../../shared/charts';
import { todayUtc } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { appName, CURRENCIES } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';

/** How many UTC days the safeguarding chart shows, today included. */
const DAYS = 30;

/**
 * Charts: the volume of one UTC day by currency (how many and how much
 * payments, refunds, top-ups and withdrawals), and the safeguarding position
 * at the end of each of the last 30 days for one currency, its difference
 * (unexplained, 0 when all is well) highlighted.
 */
export function Charts(ctx: Ctx): JSX.Element {
  useScreen(t('charts:finance.title'), appName());
  return (
    <div>
      <h1>{t('charts:finance.heading')}</h1>
      <Volume {...ctx} />
      <Safeguarding {...ctx} />
    </div>
  );
}

/** The four kinds of movement, in the same tones on every chart of the screen. */
const KINDS = [
  { key: 'payments', amount: 'paymentAmount', tone: 'blue' },
  { key: 'refunds', amount: 'refundAmount', tone: 'vermillion' },
  { key: 'topups', amount: 'topupAmount', tone: 'green' },
  { key: 'withdrawals', amount: 'withdrawalAmount', tone: 'purple' },
] as const;

function Volume(ctx: Ctx): JSX.Element {
  const [date, setDate] = useState(todayUtc);
  const volume = useLoad(
    () =>
      date
        ? ctx.guard(
            unwrap(api.GET('/v1/finance/reports/volume', { headers: bearer(ctx.key), params: { query: { date } } })),
          )
        : Promise.resolve(undefined),
    [date],
  );
  const v = volume.data;
  const label = (k: (typeof KINDS)[number]['key']) => t(`charts:finance.series.${k}`);
  return (
    <section class="stack" data-testid="charts-volume">
      <h2>{t('charts:finance.volume.heading')}</h2>
      <div class="row chart-controls">
        <Field label={t('charts:finance.volume.day')} type="date" value={date} onValue={setDate} max={todayUtc()} />
      </div>
      <ErrorBox error={volume.error} messages={financeMessages()} />
      {volume.loading && <Spinner />}
      {v &&
        (v.currencies.length === 0 ? (
          <p class="muted" data-testid="volume-none">
            {t('charts:finance.volume.none')}
          </p>
        ) : (
          <>
            <div class="chart-grid">
              <BarChart
                testid="chart-volume-count"
                caption={t('charts:finance.volume.countCaption')}
                categoryHeading={t('charts:finance.volume.currency')}
                categories={v.currencies.map((c) => currencyCategory(c.currency))}
                unit={{ kind: 'count' }}
                series={KINDS.map((k) => ({
                  label: label(k.key),
                  tone: k.tone,
                  values: v.currencies.map((c) => c[k.key]),
                }))}
              />
              {v.currencies.map((c) => (
                <BarChart
                  key={c.currency}
                  testid={`chart-volume-amount-${c.currency}`}
                  caption={t('charts:finance.volume.amountCaption')}
                  captionData={c.currency}
                  categoryHeading={t('charts:finance.volume.currency')}
                  categories={[currencyCategory(c.currency)]}
                  unit={{ kind: 'money', currency: c.currency }}
                  series={KINDS.map((k) => ({ label: label(k.key), tone: k.tone, values: [c[k.amount]] }))}
                  totals={false}
                />
              ))}
            </div>
            <ReadFromNote readFrom={v.readFrom} />
          </>
        ))}
    </section>
  );
}

function Safeguarding(ctx: Ctx): JSX.Element {
  const [currency, setCurrency] = useState('CNY');
  const position = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/finance/reports/safeguarding', {
            headers: bearer(ctx.key),
            params: { query: { currency, days: DAYS } },
          }),
        ),
      ),
    [currency],
  );
  const s = position.data;
  const last = s?.days[s.days.length - 1];
  const unexplained = s ? s.days.filter((d) => !isZeroAmount(d.difference)).length : 0;
  return (
    <section class="stack" data-testid="charts-safeguarding">
      <h2>{t('charts:finance.safeguarding.heading')}</h2>
      <div class="row chart-controls">
        <Select
          label={t('charts:finance.safeguarding.currency')}
          value={currency}
          onValue={setCurrency}
          options={CURRENCIES}
        />
      </div>
      <ErrorBox error={position.error} messages={financeMessages()} />
      {position.loading && <Spinner />}
      {s && (
        <>
          {unexplained === 0 ? (
            <Alert kind="ok" testid="safeguarding-status">
              {t('charts:finance.safeguarding.allWell')}
            </Alert>
          ) : (
            <Alert kind="error" testid="safeguarding-status">
              {t('charts:finance.safeguarding.notWell')}
            </Alert>
          )}
          {last && (
            <>
              <h3>{t('charts:finance.safeguarding.latest')}</h3>
              <ChartTotals
                testid="safeguarding-latest"
                totals={[
                  { label: t('charts:finance.safeguarding.owed'), value: formatMoney(last.customerFunds, s.currency) },
                  { label: t('charts:finance.safeguarding.bank'), value: formatMoney(last.bankBalance, s.currency) },
                  { label: t('charts:finance.safeguarding.own'), value: formatMoney(last.ownFunds, s.currency) },
                  {
                    label: t('charts:finance.safeguarding.difference'),
                    value: formatMoney(last.difference, s.currency),
                    testid: 'safeguarding-difference',
                  },
                ]}
              />
            </>
          )}
          <LineChart
            testid="chart-safeguarding"
            caption={t('charts:finance.safeguarding.caption')}
            captionData={s.currency}
            categoryHeading={t('charts:finance.safeguarding.day')}
            categories={s.days.map((d) => dayCategory(d.date))}
            unit={{ kind: 'money', currency: s.currency }}
            xSteps={[1, 2, 3, 5, 7, 10, 15, 30]}
            xSpace={52}
            series={[
              {
                label: t('charts:finance.safeguarding.owed'),
                tone: 'blue',
                values: s.days.map((d) => d.customerFunds),
              },
              {
                label: t('charts:finance.safeguarding.bank'),
                tone: 'green',
                dash: 'dashed',
                values: s.days.map((d) => d.bankBalance),
              },
              {
                label: t('charts:finance.safeguarding.own'),
                tone: 'purple',
                dash: 'dotted',
                values: s.days.map((d) => d.ownFunds),
              },
              {
                label: t('charts:finance.safeguarding.difference'),
                tone: 'red',
                highlight: true,
                values: s.days.map((d) => d.difference),
              },
            ]}
          />
          <ReadFromNote readFrom={s.readFrom} />
        </>
      )}
    </section>
  );
}
