import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Link, Spinner, useLoad, useScreen } from '../../shared/ui';
import { Icon } from '../components/icon';
import { RecentActivity } from '../components/recent-activity';
import { BASE } from '../config';
import { refusals } from '../refusals';

/** The balances, the ways to pay (scan the merchant's code, or show mine), and the recent activity. */
export function HomeScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:home.title'), t('app:title'));
  const me = useLoad(() => guard(unwrap(api.GET('/v1/me', { headers: bearer(token) }))), [token]);
  const wallets = useLoad(() => guard(unwrap(api.GET('/v1/me/wallets', { headers: bearer(token) }))), [token]);
  return (
    <div>
      <h1>{me.data ? t('app:home.hello', { name: me.data.name }) : t('app:home.yourWallet')}</h1>
      <section aria-labelledby="wallets-h">
        <h2 id="wallets-h" class="visually-hidden">
          {t('app:home.balances')}
        </h2>
        {wallets.loading && <Spinner label={t('app:balances.loading')} />}
        <ErrorBox error={wallets.error} messages={refusals()} />
        {wallets.data && wallets.data.data.length === 0 && (
          <div class="card">
            <p>{t('app:balances.empty')}</p>
            <p class="muted small">{t('app:home.topUpHint')}</p>
          </div>
        )}
        {wallets.data?.data.map((w) => (
          <div class="card balance-card" key={w.currency} data-testid={`balance-${w.currency}`}>
            <p class="muted small">{t('app:home.balance', { currency: w.currency })}</p>
            <p class="amount amount-huge" translate={false}>
              {formatMoney(w.balance, w.currency)}
            </p>
          </div>
        ))}
      </section>
      <div class="pay-ctas">
        <Link to={`${BASE}/scan`} class="btn btn-block btn-big scan-cta">
          <Icon name="scan" /> {t('app:home.scanToPay')}
        </Link>
        <Link to={`${BASE}/code`} class="btn btn-block btn-big btn-ghost scan-cta">
          <Icon name="code" /> {t('app:home.payWithCode')}
        </Link>
      </div>
      <nav class="more-ctas" aria-label={t('app:home.more')}>
        <Link to={`${BASE}/send`} class="btn btn-ghost">
          {t('app:home.send')}
        </Link>
        <Link to={`${BASE}/envelopes`} class="btn btn-ghost">
          {t('app:home.envelopes')}
        </Link>
        <Link to={`${BASE}/bill`} class="btn btn-ghost">
          {t('app:home.bill')}
        </Link>
      </nav>
      <RecentActivity token={token} guard={guard} />
    </div>
  );
}
