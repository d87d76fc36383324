import type { JSX } from 'preact';
import type { SchemaMerchantHourDto } from '../../shared/api/schema';
import { BarChart, type ChartCategory, ChartTotals, formatValue, sumAmounts } from '../../shared/charts';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';

/** An hour's or a day's takings, as the report routes give them. */
type Takings = Pick<SchemaMerchantHourDto, 'payments' | 'amount' | 'fees' | 'refunds' | 'refunded'>;

/**
 * The merchant's takings over a run of hours or days: the totals line, then
 * the amounts (paid and refunded) and the counts (payments and refunds) as bars.
 * Amounts are added up exactly (shared/charts sumAmounts), never as numbers.
 */
export function TakingsSection(props: {
  /** the prefix of the test ids: `${id}-totals`, `${id}-payments`, `chart-${id}-amount`, … */
  id: string;
  heading: JSX.Element;
  currency: string;
  categories: ChartCategory[];
  categoryHeading: string;
  rows: Takings[];
  amountCaption: string;
  countCaption: string;
  xSteps: number[];
  xSpace: number;
}): JSX.Element {
  const { id, currency, rows } = props;
  const money = { kind: 'money', currency } as const;
  const count = { kind: 'count' } as const;
  const payments = rows.map((r) => r.payments);
  const refunds = rows.map((r) => r.refunds);
  const common = {
    categories: props.categories,
    categoryHeading: props.categoryHeading,
    xSteps: props.xSteps,
    xSpace: props.xSpace,
  };
  return (
    <section class="stack" data-testid={`reports-${id}`}>
      <h2>{props.heading}</h2>
      <ChartTotals
        testid={`${id}-totals`}
        totals={[
          {
            label: t('charts:merchant.totals.payments'),
            value: formatValue(
              payments.reduce((s, n) => s + n, 0),
              count,
            ),
            testid: `${id}-payments`,
          },
          {
            label: t('charts:merchant.totals.amount'),
            value: formatMoney(sumAmounts(rows.map((r) => r.amount)), currency),
            testid: `${id}-amount`,
          },
          {
            label: t('charts:merchant.totals.fees'),
            value: formatMoney(sumAmounts(rows.map((r) => r.fees)), currency),
            testid: `${id}-fees`,
          },
          {
            label: t('charts:merchant.totals.refunds'),
            value: formatValue(
              refunds.reduce((s, n) => s + n, 0),
              count,
            ),
            testid: `${id}-refunds`,
          },
          {
            label: t('charts:merchant.totals.refunded'),
            value: formatMoney(sumAmounts(rows.map((r) => r.refunded)), currency),
            testid: `${id}-refunded`,
          },
        ]}
      />
      <div class="chart-grid">
        <BarChart
          {...common}
          testid={`chart-${id}-amount`}
          caption={props.amountCaption}
          unit={money}
          series={[
            { label: t('charts:merchant.series.amount'), tone: 'blue', values: rows.map((r) => r.amount) },
            { label: t('charts:merchant.series.refunded'), tone: 'vermillion', values: rows.map((r) => r.refunded) },
          ]}
        />
        <BarChart
          {...common}
          testid={`chart-${id}-count`}
          caption={props.countCaption}
          unit={count}
          series={[
            { label: t('charts:merchant.series.payments'), tone: 'blue', values: payments },
            { label: t('charts:merchant.series.refunds'), tone: 'vermillion', values: refunds },
          ]}
        />
      </div>
    </section>
  );
}
