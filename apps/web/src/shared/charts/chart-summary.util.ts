import { t } from '../i18n';
import { formatValue } from './chart-format.util';
import type { ChartProps } from './chart-series.model';
import { peakIndex, sumValues } from './exact-sum.util';
import type { ChartKind } from './plot-options.builder';

/**
 * What the canvas shows, in one sentence for assistive technology (its
 * aria-label; the figures themselves are in the table): for bars, each
 * series' total and its highest category; for lines, each series' first and
 * last value. Read at render time, in the language shown.
 */
export function chartSummary(kind: ChartKind, props: ChartProps): string {
  const { categories, unit } = props;
  const caption = props.captionData ? `${props.caption} (${props.captionData})` : props.caption;
  const parts = props.series.map((s) => {
    if (kind === 'bars') {
      const peak = peakIndex(s.values);
      if (peak < 0) return t('charts:summary.none', { series: s.label });
      return t('charts:summary.bars', {
        series: s.label,
        total: formatValue(sumValues(s.values), unit),
        peak: formatValue(s.values[peak], unit),
        at: categories[peak].full,
      });
    }
    const last = s.values.length - 1;
    if (last < 0) return t('charts:summary.none', { series: s.label });
    return t('charts:summary.line', {
      series: s.label,
      first: formatValue(s.values[0], unit),
      from: categories[0].full,
      last: formatValue(s.values[last], unit),
      to: categories[last].full,
    });
  });
  const type = kind === 'bars' ? t('charts:summary.barChart') : t('charts:summary.lineChart');
  return `${type}: ${caption}. ${parts.join('; ')}.`;
}
