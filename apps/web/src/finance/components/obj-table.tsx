import type { JSX } from 'preact';
import { DataTable } from '../../shared/table';

export type Obj = Record<string, unknown>;

const show = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** A table of objects whatever their fields: a column for each field any of them has. */
export function ObjTable(props: { rows: Obj[]; caption: string; bad?: boolean; testid?: string }): JSX.Element {
  const cols = [...new Set(props.rows.flatMap((r) => Object.keys(r)))];
  return (
    <DataTable
      testid={props.testid}
      caption={props.caption}
      cols={cols}
      rows={props.rows}
      row={(r, i) => (
        <tr key={i} class={props.bad ? 'bad' : ''}>
          {cols.map((c) => (
            <td key={c} class={/amount|expected|actual/i.test(c) ? 'num' : ''}>
              {show(r[c])}
            </td>
          ))}
        </tr>
      )}
    />
  );
}
