import type { JSX } from 'preact';
import './chart.css';

/** One figure of a total line: its name in words, its value (data, never translated), a test id. */
export interface Total {
  label: string;
  value: string;
  testid?: string;
}

/** The totals beside a chart ("Payments 3 · Amount ¥157.80 · …"), as a description list. */
export function ChartTotals(props: { totals: Total[]; testid?: string }): JSX.Element {
  return (
    <dl class="chart-totals" data-testid={props.testid}>
      {props.totals.map((x, i) => (
        <div key={i}>
          <dt>{x.label}</dt>
          <dd translate={false} data-testid={x.testid}>
            {x.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
