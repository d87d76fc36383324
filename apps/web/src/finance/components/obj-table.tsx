import type { JSX } from 'preact';
import { formatDay, formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { DataTable } from '../../shared/table';
import type { finance } from '../locales/finance.en';
import { reasonText } from '../reasons';

export type Obj = Record<string, unknown>;

type Field = keyof typeof finance.reconciliation.columns;
type Value = keyof typeof finance.reconciliation.values;

const isField = (c: string): c is Field => Object.hasOwn(COLUMN_KEYS, c);
const isValue = (v: string): v is Value => Object.hasOwn(VALUE_KEYS, v);
// the keys only, to tell a known field or value from another (the texts are read with t at render)
const COLUMN_KEYS: Record<Field, true> = {
  line: true,
  entryRef: true,
  date: true,
  amount: true,
  currency: true,
  direction: true,
  reversal: true,
  reference: true,
  counterparty: true,
  reason: true,
  statementId: true,
  importId: true,
  id: true,
  runDate: true,
  merchantId: true,
  withdrawalId: true,
  endToEndReference: true,
  overdue: true,
  problem: true,
  type: true,
  entryId: true,
  entryKind: true,
  expected: true,
  actual: true,
  effectiveAt: true,
};
const VALUE_KEYS: Record<Value, true> = {
  credit: true,
  debit: true,
  payment: true,
  refund: true,
  transfer: true,
  red_envelope: true,
  missing_entry: true,
  wrong_kind: true,
  amounts_differ: true,
  orphan_entry: true,
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A field's heading: in words when the console knows the field, else its name (data). */
function heading(c: string): JSX.Element | string {
  return isField(c) ? t(`finance:reconciliation.columns.${c}`) : <span translate={false}>{c}</span>;
}

/** A value as words in the language shown where it is one the console knows, else as data (translate="no"). */
function cell(c: string, v: unknown, r: Obj): JSX.Element | string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('finance:yesNo.yes') : t('finance:yesNo.no');
  if (typeof v === 'string') {
    if (c === 'amount' && typeof r.currency === 'string') return formatMoney(v, r.currency);
    if ((c === 'date' || c === 'runDate') && DAY.test(v)) return formatDay(v);
    if (c === 'effectiveAt') return formatTime(v);
    if (c === 'reason') {
      const text = reasonText(v);
      if (text) return text;
    }
    if ((c === 'direction' || c === 'problem' || c === 'type') && isValue(v))
      return t(`finance:reconciliation.values.${v}`);
  }
  return <span translate={false}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</span>;
}

/** A table of objects whatever their fields: a column for each field any of them has. */
export function ObjTable(props: { rows: Obj[]; caption: string; bad?: boolean; testid?: string }): JSX.Element {
  const cols = [...new Set(props.rows.flatMap((r) => Object.keys(r)))];
  return (
    <DataTable
      testid={props.testid}
      caption={props.caption}
      cols={cols.map(heading)}
      rows={props.rows}
      row={(r, i) => (
        <tr key={i} class={props.bad ? 'bad' : ''}>
          {cols.map((c) => (
            <td key={c} class={/amount|expected|actual/i.test(c) ? 'num' : ''}>
              {cell(c, r[c], r)}
            </td>
          ))}
        </tr>
      )}
    />
  );
}
