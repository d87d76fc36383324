import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import type { Guard } from '../../shared/session-guard';
import { Link, useLoad } from '../../shared/ui';
import { BASE } from '../config';
import { TxLine } from './tx-line';

/** The last three movements, on the home screen (nothing when there are none). */
export function RecentActivity(props: { token: string; guard: Guard }): JSX.Element | null {
  const recent = useLoad(
    () =>
      props.guard(
        unwrap(api.GET('/v1/me/transactions', { headers: bearer(props.token), params: { query: { limit: 3 } } })),
      ),
    [props.token],
  );
  if (!recent.data?.data.length) return null;
  return (
    <section class="card" aria-labelledby="recent-h">
      <h2 id="recent-h">{t('app:recent.title')}</h2>
      <ul class="tx-list">
        {recent.data.data.map((tx) => (
          <TxLine tx={tx} key={tx.id} />
        ))}
      </ul>
      <Link to={`${BASE}/statement`}>{t('app:recent.all')}</Link>
    </section>
  );
}
