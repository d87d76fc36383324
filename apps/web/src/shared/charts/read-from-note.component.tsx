import type { JSX } from 'preact';
import type { SchemaReadFromDto } from '../api/schema';
import { t } from '../i18n';

/** A word when a report was read from a replica that lags: what it may miss. Nothing otherwise. */
export function ReadFromNote(props: { readFrom?: SchemaReadFromDto }): JSX.Element | null {
  const r = props.readFrom;
  if (!r?.replica || r.lagSeconds <= 0) return null;
  return <p class="muted small">{t('charts:readFrom', { seconds: r.lagSeconds })}</p>;
}
