import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { currentLanguage, t } from '../i18n';
import './chart.css';
import { formatValue } from './chart-format.util';
import type { ChartProps } from './chart-series.model';
import { chartSummary } from './chart-summary.util';
import { ChartTable } from './chart-table.component';
import { type ChartKind, plotData, plotOptions } from './plot-options.builder';
import { useUplot } from './use-uplot.hook';

/**
 * A chart as a <figure>: the caption, the key, the canvas (one image to
 * assistive technology, named by a summary of what it shows), a read-out of
 * the category under the pointer, and the same figures as a table behind
 * "Show the figures". Every text is read when it renders, in the language shown.
 */
export function ChartFigure(props: ChartProps & { kind: ChartKind; totals: boolean }): JSX.Element {
  const { kind, unit, series, categories } = props;
  const [hovered, setHovered] = useState<number | null>(null);
  // the plot is made again when what it draws or the language of its axes changes
  const key = JSON.stringify([kind, currentLanguage(), unit, categories, series, props.xSteps, props.xSpace]);
  const mount = useUplot(() => ({ options: plotOptions(kind, props, setHovered), data: plotData(props) }), key);
  const at = hovered !== null && hovered < categories.length ? hovered : null;
  return (
    <figure class="chart card" data-testid={props.testid}>
      <figcaption>
        {props.caption}
        {props.captionData && <span translate={false}> · {props.captionData}</span>}
      </figcaption>
      <ul class="chart-legend">
        {series.map((s, i) => (
          <li key={i}>
            <span
              aria-hidden="true"
              class={[
                'chart-swatch',
                `chart-tone-${s.tone}`,
                kind === 'lines' ? `chart-swatch-line chart-dash-${s.dash ?? 'solid'}` : '',
                s.highlight ? 'chart-highlight' : '',
              ].join(' ')}
            />
            {s.label}
          </li>
        ))}
      </ul>
      <div class="chart-plot" role="img" aria-label={chartSummary(kind, props)}>
        <div ref={mount} aria-hidden="true" />
      </div>
      {/* what the pointer is over, for the eye only: the table says the same to everyone */}
      <p class="chart-readout" aria-hidden="true" data-testid={`${props.testid}-readout`}>
        {at !== null && (
          <>
            <strong translate={categories[at].data ? false : undefined}>{categories[at].full}</strong>
            {series.map((s, i) => (
              <span key={i}>
                {' · '}
                {s.label} <span translate={false}>{formatValue(s.values[at], unit)}</span>
              </span>
            ))}
          </>
        )}
      </p>
      <details class="chart-figures">
        <summary>{t('charts:figure.showFigures')}</summary>
        <ChartTable {...props} />
      </details>
    </figure>
  );
}
