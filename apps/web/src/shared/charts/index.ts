export { BarChart } from './bar-chart.component';
export { browserTimeZone } from './browser-time-zone.util';
export { currencyCategory, dayCategory, formatValue, hourCategory } from './chart-format.util';
export type { ChartCategory, ChartProps, ChartSeries, ChartTone, ChartUnit } from './chart-series.model';
export { ChartTotals, type Total } from './chart-totals.component';
export { compareAmounts, isZeroAmount, sumAmounts } from './exact-sum.util';
export { LineChart } from './line-chart.component';
export { ReadFromNote } from './read-from-note.component';
