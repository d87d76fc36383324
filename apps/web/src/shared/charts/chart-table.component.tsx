import type { JSX } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n';
import { formatValue } from './chart-format.util';
import type { ChartProps } from './chart-series.model';
import { isZeroValue, sumValues } from './exact-sum.util';

/**
 * The figures of a chart as a real table, for screen readers, keyboards and
 * anyone who would rather read: one row per category, one column per series,
 * and (`totals`) a row of totals, added up exactly. A row where a highlighted
 * series is not zero is marked (class bad, and in words for assistive technology).
 */
export function ChartTable(props: ChartProps & { totals: boolean }): JSX.Element {
  const captionId = useId();
  const { unit, series } = props;
  const highlighted = series.filter((s) => s.highlight);
  return (
    // the wrapper scrolls sideways on a phone: a region in the tab order, named by the caption
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table data-testid={`${props.testid}-table`}>
        <caption id={captionId} class="visually-hidden">
          {props.caption}
          {props.captionData && <span translate={false}> ({props.captionData})</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryHeading}</th>
            {series.map((s, i) => (
              <th scope="col" class="num" key={i}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c, row) => {
            const flagged = highlighted.some((s) => !isZeroValue(s.values[row]));
            return (
              <tr key={row} class={flagged ? 'bad' : undefined}>
                <th scope="row" translate={c.data ? false : undefined}>
                  {c.full}
                  {flagged && <span class="visually-hidden"> ({t('charts:figure.flagged')})</span>}
                </th>
                {series.map((s, i) => (
                  <td class="num" key={i} translate={false}>
                    {formatValue(s.values[row], unit)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        {props.totals && (
          <tfoot>
            <tr>
              <th scope="row">{t('charts:figure.total')}</th>
              {series.map((s, i) => (
                <td class="num" key={i} translate={false}>
                  {formatValue(sumValues(s.values), unit)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
