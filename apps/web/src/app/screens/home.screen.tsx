import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatMoney } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Link, Spinner, useLoad, useScreen } from '../../shared/ui';
import { Icon } from '../components/icon';
import { RecentActivity } from '../components/recent-activity';
import { APP, BASE } from '../config';
import { REFUSALS } from '../refusals';

/** The balances, the ways to pay (scan the merchant's code, or show mine), and the recent activity. */
export function HomeScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen('Home', APP);
  const me = useLoad(() => guard(unwrap(api.GET('/v1/me', { headers: bearer(token) }))), [token]);
  const wallets = useLoad(() => guard(unwrap(api.GET('/v1/me/wallets', { headers: bearer(token) }))), [token]);
  return (
    <div>
      <h1>{me.data ? `Hello, ${me.data.name}` : 'Your wallet'}</h1>
      <section aria-labelledby="wallets-h">
        <h2 id="wallets-h" class="visually-hidden">
          Balances
        </h2>
        {wallets.loading && <Spinner label="Loading balances…" />}
        <ErrorBox error={wallets.error} messages={REFUSALS} />
        {wallets.data && wallets.data.data.length === 0 && (
          <div class="card">
            <p>Your wallet is empty.</p>
            <p class="muted small">
              Money arrives by a bank top-up: give your wallet ID (under Account) as the transfer reference.
            </p>
          </div>
        )}
        {wallets.data?.data.map((w) => (
          <div class="card balance-card" key={w.currency} data-testid={`balance-${w.currency}`}>
            <p class="muted small">Balance · {w.currency}</p>
            <p class="amount amount-huge">{formatMoney(w.balance, w.currency)}</p>
          </div>
        ))}
      </section>
      <div class="pay-ctas">
        <Link to={`${BASE}/scan`} class="btn btn-block btn-big scan-cta">
          <Icon name="scan" /> Scan to pay
        </Link>
        <Link to={`${BASE}/code`} class="btn btn-block btn-big btn-ghost scan-cta">
          <Icon name="code" /> Pay with my code
        </Link>
      </div>
      <nav class="more-ctas" aria-label="Between people and bills">
        <Link to={`${BASE}/send`} class="btn btn-ghost">
          Send money
        </Link>
        <Link to={`${BASE}/envelopes`} class="btn btn-ghost">
          Red envelopes
        </Link>
        <Link to={`${BASE}/bill`} class="btn btn-ghost">
          Pay a bill
        </Link>
      </nav>
      <RecentActivity token={token} guard={guard} />
    </div>
  );
}
