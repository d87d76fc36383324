import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import type { SchemaSessionViewDto } from '../../shared/api/schema';
import { formatTime } from '../../shared/dates';
import { formatMoney, toThousandths } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, Copy, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { forgetPack } from '../payment-pack';
import { CLOSURE_REFUSALS, PIN_REFUSALS, REFUSALS, SESSION_REFUSALS } from '../refusals';

/** Ends the session on this phone and goes to the sign-in page, saying why. */
type SignOut = (why?: string) => void;

/**
 * Who I am, my wallet ID, the devices signed in (each can be signed out), who
 * looked at my data, a new PIN, closing the account, and signing out.
 */
export function AccountScreen(props: { token: string; guard: Guard; onSignOut: SignOut }): JSX.Element {
  const { token, guard } = props;
  useScreen('Account', APP);
  const me = useLoad(() => guard(unwrap(api.GET('/v1/me', { headers: bearer(token) }))), [token]);
  const log = useLoad(() => guard(unwrap(api.GET('/v1/me/access-log', { headers: bearer(token) }))), [token]);
  const sessions = useLoad(() => guard(unwrap(api.GET('/v1/me/sessions', { headers: bearer(token) }))), [token]);
  const leaving = useAction();

  // this device: the service ends the session, then the phone forgets it
  const signOutHere = () =>
    leaving.run(async () => {
      try {
        await unwrap(api.DELETE('/v1/me/sessions/current', { headers: bearer(token) }));
      } catch (e) {
        // a session the service no longer accepts is signed out already
        if (!(e instanceof ApiError && e.status === 401)) throw e;
      }
      props.onSignOut('You are signed out of this device.');
    });

  return (
    <div>
      <h1>Account</h1>
      {me.loading && <Spinner />}
      <ErrorBox error={me.error} messages={REFUSALS} />
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
      <Devices
        sessions={sessions.data?.data}
        loading={sessions.loading}
        error={sessions.error}
        reload={sessions.reload}
        token={token}
        guard={guard}
        signOutHere={signOutHere}
        leaving={leaving.busy}
      />
      <section class="card" aria-labelledby="access-h">
        <h2 id="access-h">Who looked at my data</h2>
        <p class="muted small">
          Saoma staff read personal data only with a stated purpose, and every read is listed here.
        </p>
        {log.data && log.data.data.length === 0 && <p>Nobody has.</p>}
        {log.data && log.data.data.length > 0 && (
          <ul class="plain-list" data-testid="access-log">
            {log.data.data.map((a, i) => (
              <li key={i}>
                <strong>{a.operator.role}</strong> · {formatTime(a.at)} — “{a.purpose}”
              </li>
            ))}
          </ul>
        )}
      </section>
      <ChangePin token={token} guard={guard} onChanged={sessions.reload} />
      <CloseAccount
        token={token}
        guard={guard}
        onClosed={() =>
          props.onSignOut(
            'Your account is closed. Your name, phone number and PIN are erased; your payments, receipts and ledger entries are kept under an anonymous ID, as the law requires.',
          )
        }
      />
      <ErrorBox error={leaving.error} messages={SESSION_REFUSALS} />
      <button class="btn btn-block btn-ghost" type="button" onClick={signOutHere} disabled={leaving.busy}>
        {leaving.busy ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}

/** A user agent as a person names the device: "Chrome on Android". */
export function deviceOf(ua: string | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Headless)?Chrome\/|CriOS\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A browser';
  const system = /iPhone/.test(ua)
    ? 'iPhone'
    : /iPad/.test(ua)
      ? 'iPad'
      : /Android/.test(ua)
        ? 'Android'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Macintosh|Mac OS X/.test(ua)
            ? 'Mac'
            : /Linux|X11/.test(ua)
              ? 'Linux'
              : null;
  return system ? `${browser} on ${system}` : browser;
}

/** The devices signed in to this account, this one first; each can be signed out from here. */
function Devices(props: {
  sessions: SchemaSessionViewDto[] | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
  token: string;
  guard: Guard;
  signOutHere: () => void;
  leaving: boolean;
}): JSX.Element {
  const { busy, error, run } = useAction();
  const [ended, setEnded] = useState<string | null>(null);
  const ids = useId();
  const list = [...(props.sessions ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
  );

  const end = (s: SchemaSessionViewDto) =>
    run(async () => {
      setEnded(null);
      try {
        await props.guard(
          unwrap(api.DELETE('/v1/me/sessions/{id}', { headers: bearer(props.token), params: { path: { id: s.id } } })),
        );
        setEnded(deviceOf(s.userAgent));
      } finally {
        props.reload();
      }
    });

  return (
    <section class="card" aria-labelledby="devices-h">
      <h2 id="devices-h">Signed-in devices</h2>
      <p class="muted small">
        Every phone or browser signed in to your wallet. Sign out one you no longer use, or one you lost: it is signed
        out at once.
      </p>
      {props.loading && !props.sessions && <Spinner label="Loading devices…" />}
      <ErrorBox error={props.error} messages={REFUSALS} />
      {props.sessions && (
        <ul class="session-list" data-testid="sessions">
          {list.map((s, i) => (
            <li key={s.id} data-testid="session" data-current={s.current ? 'true' : 'false'}>
              <p>
                <strong id={`${ids}-${i}`}>{deviceOf(s.userAgent)}</strong>{' '}
                {s.current && <span class="badge badge-ok">This device</span>}
              </p>
              <p class="muted small">
                Signed in {formatTime(s.createdAt)} · last used {formatTime(s.lastUsedAt)}
              </p>
              {s.userAgent && <p class="muted small ua">{s.userAgent}</p>}
              <button
                type="button"
                class="btn btn-small btn-ghost"
                aria-describedby={`${ids}-${i}`}
                disabled={busy || props.leaving}
                onClick={() => (s.current ? props.signOutHere() : void end(s))}
              >
                Sign out this device
              </button>
            </li>
          ))}
        </ul>
      )}
      {ended && (
        <Alert kind="ok" testid="session-ended">
          {ended} is signed out: it asks for the phone number and PIN again.
        </Alert>
      )}
      <ErrorBox error={error} messages={SESSION_REFUSALS} />
    </section>
  );
}

/** A new PIN, after the current one: every other device is signed out, and every phone's payment codes stop. */
function ChangePin(props: { token: string; guard: Guard; onChanged: () => void }): JSX.Element {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    if (!/^\d{6}$/.test(current)) return setError(new Error('Enter your current PIN: 6 digits.'));
    if (!/^\d{6}$/.test(next)) return setError(new Error('The new PIN is 6 digits.'));
    if (next !== again) return setError(new Error('The two new PINs differ.'));
    await run(async () => {
      try {
        await props.guard(
          unwrap(api.POST('/v1/me/pin', { headers: bearer(props.token), body: { currentPin: current, newPin: next } })),
        );
      } catch (err) {
        if (err instanceof ApiError && err.code === 'invalid_credentials') setCurrent('');
        throw err;
      }
      // the service has ended every pack of payment codes: this phone's too
      forgetPack();
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      props.onChanged();
    });
  };

  const pinField = (label: string, value: string, onValue: (v: string) => void, autoComplete: string) => (
    <Field
      label={label}
      value={value}
      onValue={onValue}
      type="password"
      inputMode="numeric"
      autoComplete={autoComplete}
      maxLength={6}
      pattern="[0-9]{6}"
      required
    />
  );

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="pin-h">
      <h2 id="pin-h">Change PIN</h2>
      <p class="muted small">
        Your other devices are then signed out, and the payment codes kept on any phone stop working: get new ones with
        the new PIN.
      </p>
      {pinField('Current PIN', current, setCurrent, 'current-password')}
      {pinField('New PIN (6 digits)', next, setNext, 'new-password')}
      {pinField('New PIN again', again, setAgain, 'new-password')}
      <ErrorBox error={error} messages={PIN_REFUSALS} />
      {done && (
        <Alert kind="ok" testid="pin-changed">
          Your PIN is changed. Your other devices are signed out.
        </Alert>
      )}
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? 'Changing…' : 'Change PIN'}
      </button>
    </form>
  );
}

/** Closing the account: what goes and what stays, the balances that must be empty, the PIN and a confirmation. */
function CloseAccount(props: { token: string; guard: Guard; onClosed: (closedAt: string) => void }): JSX.Element {
  const { token, guard } = props;
  const wallets = useLoad(() => guard(unwrap(api.GET('/v1/me/wallets', { headers: bearer(token) }))), [token]);
  const [pin, setPin] = useState('');
  const [sure, setSure] = useState(false);
  const { busy, error, setError, run } = useAction();
  const confirmId = useId();
  const held = (wallets.data?.data ?? []).filter((w) => toThousandths(w.balance) !== 0n);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(pin)) return setError(new Error('Enter your 6-digit PIN.'));
    if (!sure) return setError(new Error('Tick the box to confirm that you want to close your account.'));
    await run(async () => {
      try {
        const r = await guard(unwrap(api.POST('/v1/me/closure', { headers: bearer(token), body: { pin } })));
        props.onClosed(r.closedAt);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'invalid_credentials') setPin('');
        // the balances as they are now: what is left to withdraw
        if (err instanceof ApiError && (err.code === 'balance_not_zero' || err.code === 'closure_blocked'))
          wallets.reload();
        throw err;
      }
    });
  };

  return (
    <form class="card danger-card" onSubmit={submit} noValidate aria-labelledby="close-h" data-testid="closure">
      <h2 id="close-h">Close the account</h2>
      <p>Closing is final: you cannot sign in again, and no code of yours works any more.</p>
      <ul class="plain-list small">
        <li>
          <strong>Erased:</strong> your name, your phone number and your PIN. The phone number can later open a new
          account.
        </li>
        <li>
          <strong>Kept:</strong> your payments, receipts and ledger entries, under an anonymous ID with no name or phone
          attached, as the law requires.
        </li>
        <li>
          <strong>First:</strong> your wallet must be empty. Withdraw any money left to your bank, and wait until no
          withdrawal of yours is on its way.
        </li>
      </ul>
      <h3 class="small">Your balances</h3>
      {wallets.loading && !wallets.data && <Spinner label="Loading balances…" />}
      <ErrorBox error={wallets.error} messages={REFUSALS} />
      {wallets.data && (
        <>
          {wallets.data.data.length === 0 ? (
            <p class="small" data-testid="closure-balances">
              Your wallet is empty.
            </p>
          ) : (
            <ul class="plain-list small" data-testid="closure-balances">
              {wallets.data.data.map((w) => (
                <li key={w.currency}>
                  {w.currency}: <span class="amount">{formatMoney(w.balance, w.currency)}</span>
                </li>
              ))}
            </ul>
          )}
          {held.length > 0 && (
            <Alert kind="info" testid="closure-withdraw-first">
              Withdraw {held.map((w) => formatMoney(w.balance, w.currency)).join(' and ')} to your bank before closing
              the account.
            </Alert>
          )}
        </>
      )}
      <Field
        label="PIN to close the account"
        value={pin}
        onValue={setPin}
        type="password"
        inputMode="numeric"
        autoComplete="current-password"
        maxLength={6}
        pattern="[0-9]{6}"
        required
      />
      <div class="check-field">
        <input
          id={confirmId}
          type="checkbox"
          checked={sure}
          onChange={(e) => setSure((e.target as HTMLInputElement).checked)}
        />
        <label for={confirmId}>I want to close my account. I understand that this cannot be undone.</label>
      </div>
      <ErrorBox error={error} messages={CLOSURE_REFUSALS} />
      <button class="btn btn-block btn-danger" type="submit" disabled={busy}>
        {busy ? 'Closing…' : 'Close my account'}
      </button>
    </form>
  );
}
