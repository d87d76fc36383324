import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import type { Guard } from '../../shared/session-guard';
import { Copy, ErrorBox, Spinner, useLoad, useScreen } from '../../shared/ui';
import { APP } from '../config';

/** Who I am, my wallet ID, who looked at my data, and signing out. */
export function AccountScreen(props: { token: string; guard: Guard; onSignOut: () => void }): JSX.Element {
  useScreen('Account', APP);
  const me = useLoad(() => props.guard(unwrap(api.GET('/v1/me', { headers: bearer(props.token) }))), [props.token]);
  const log = useLoad(
    () => props.guard(unwrap(api.GET('/v1/me/access-log', { headers: bearer(props.token) }))),
    [props.token],
  );
  return (
    <div>
      <h1>Account</h1>
      {me.loading && <Spinner />}
      <ErrorBox error={me.error} />
      {me.data && (
        <section class="card">
          <dl class="facts">
            <dt>Name</dt>
            <dd>{me.data.name}</dd>
            <dt>Phone</dt>
            <dd>{me.data.phone}</dd>
            <dt>Wallet ID</dt>
            <dd>
              <span class="mono" data-testid="wallet-id">
                {me.data.id}
              </span>{' '}
              <Copy text={me.data.id} label="Copy" />
            </dd>
          </dl>
          <p class="muted small">Give the wallet ID as the reference of a bank transfer to top up.</p>
        </section>
      )}
      <section class="card" aria-labelledby="access-h">
        <h2 id="access-h">Who looked at my data</h2>
        <p class="muted small">
          Saoma staff read personal data only with a stated purpose, and every read is listed here.
        </p>
        {log.data && log.data.data.length === 0 && <p>Nobody has.</p>}
        {log.data && log.data.data.length > 0 && (
          <ul class="plain-list">
            {log.data.data.map((a, i) => (
              <li key={i}>
                <strong>{a.operator.role}</strong> · {formatTime(a.at)} — “{a.purpose}”
              </li>
            ))}
          </ul>
        )}
      </section>
      <button class="btn btn-block btn-ghost" type="button" onClick={props.onSignOut}>
        Sign out
      </button>
    </div>
  );
}
