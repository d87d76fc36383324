/** What a chart shows: its categories along x, its unit, and its series (shared/charts). */

/** A tone of the charts' palette (chart.css): a series keeps its tone on every chart of a screen. */
export type ChartTone = 'blue' | 'vermillion' | 'green' | 'purple' | 'red';

/** What the values are: whole counts, or amounts of one currency. */
export type ChartUnit = { kind: 'count' } | { kind: 'money'; currency: string };

/** One x position: an hour, a day, a currency. */
export interface ChartCategory {
  /** under the axis, short ("14", "26 Nov", "CNY") */
  short: string;
  /** in the table and the read-out, whole ("14:00–15:00", "26 Nov 2026") */
  full: string;
  /** data, not words (a currency code): marked translate="no" in the table */
  data?: boolean;
}

export interface ChartSeries {
  /** in words, in the language shown */
  label: string;
  tone: ChartTone;
  /** one per category: counts as numbers, amounts as the service's decimal strings ("157.80") */
  values: ReadonlyArray<number | string>;
  /** lines: how the line is drawn (besides its tone, so that colour is not the only difference) */
  dash?: 'solid' | 'dashed' | 'dotted';
  /** lines: drawn thicker, with a point on every category whose value is not zero (a difference that should be 0) */
  highlight?: boolean;
}

/** What every chart is given. */
export interface ChartProps {
  /** data-testid of the <figure>; its table is `${testid}-table` */
  testid: string;
  /** what the chart shows, in words: the <figcaption>, the table's caption, the start of the canvas's summary */
  caption: string;
  /** data said with the caption (a currency code), never translated */
  captionData?: string;
  /** the heading of the table's first column ("Hour", "Day", "Currency") */
  categoryHeading: string;
  categories: readonly ChartCategory[];
  unit: ChartUnit;
  series: readonly ChartSeries[];
  /** the steps the x axis may label every so many categories (1 = every one), smallest first */
  xSteps?: number[];
  /** the least room between two x labels, in CSS pixels */
  xSpace?: number;
}
