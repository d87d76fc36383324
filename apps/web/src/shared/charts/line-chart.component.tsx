import type { JSX } from 'preact';
import { ChartFigure } from './chart-figure.component';
import type { ChartProps } from './chart-series.model';

/** Positions over time (balances at each day's end): a line per series; no totals, positions do not add up. */
export function LineChart(props: ChartProps): JSX.Element {
  return <ChartFigure {...props} kind="lines" totals={false} />;
}
