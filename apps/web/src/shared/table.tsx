import { useId } from 'preact/hooks';
import { t } from './i18n';
import type { ComponentChildren, JSX } from 'preact';
import { formatMoney } from './money';

/** A column heading: a plain label, or one made by `num` for a right-aligned figure column. */
export type Column = ComponentChildren | { num: ComponentChildren };
export const num = (label: ComponentChildren): Column => ({ num: label });

const isNum = (c: Column): c is { num: ComponentChildren } => typeof c === 'object' && c !== null && 'num' in c;

/** The `<thead>` of a table, one `scope="col"` heading per column. */
export function TableHead(props: { cols: Column[] }): JSX.Element {
  return (
    <thead>
      <tr>
        {props.cols.map((c, i) =>
          isNum(c) ? (
            <th scope="col" class="num" key={i}>
              {c.num}
            </th>
          ) : (
            <th scope="col" key={i}>
              {c}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** A right-aligned amount cell; `label` names it on narrow screens (tables with class stack-sm). */
export function MoneyCell(props: {
  amount: string;
  currency: string;
  label?: string;
  strong?: boolean;
  sign?: boolean;
}): JSX.Element {
  const text = formatMoney(props.amount, props.currency, { sign: props.sign });
  return (
    <td class="num" data-label={props.label}>
      {props.strong ? <strong>{text}</strong> : text}
    </td>
  );
}

/**
 * A table in its scrolling wrapper (class `wrap`, "table-wrap" unless given): the
 * headings of `cols`, then one `row(r, i)` per row (each with its own key).
 */
export function DataTable<T>(props: {
  wrap?: string;
  testid?: string;
  class?: string;
  caption?: string;
  captionHidden?: boolean;
  cols: Column[];
  rows: T[];
  row: (r: T, i: number) => JSX.Element;
}): JSX.Element {
  const captionId = useId();
  // the wrapper scrolls sideways on a phone: a region of its own in the tab order, named by the caption,
  // so a keyboard can scroll it (axe: scrollable-region-focusable)
  return (
    <div
      class={props.wrap ?? 'table-wrap'}
      tabIndex={0}
      role="region"
      aria-labelledby={props.caption !== undefined ? captionId : undefined}
      aria-label={props.caption === undefined ? t('common:table') : undefined}
    >
      <table data-testid={props.testid} class={props.class}>
        {props.caption !== undefined && (
          <caption id={captionId} class={props.captionHidden ? 'visually-hidden' : undefined}>
            {props.caption}
          </caption>
        )}
        <TableHead cols={props.cols} />
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}
