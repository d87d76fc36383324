import type { JSX } from 'preact';
import { ChartFigure } from './chart-figure.component';
import type { ChartProps } from './chart-series.model';

/**
 * Counts or amounts by category (hour, day, currency): a group of bars per
 * category, one bar per series; the table adds a row of totals unless `totals` is false.
 */
export function BarChart(props: ChartProps & { totals?: boolean }): JSX.Element {
  return <ChartFigure {...props} kind="bars" totals={props.totals ?? true} />;
}
