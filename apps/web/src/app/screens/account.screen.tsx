import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import type { SchemaSessionViewDto } from '../../shared/api/schema';
import { formatTime } from '../../shared/dates';
import { currentLocale, t } from '../../shared/i18n';
import { formatMoney, toThousandths } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, Copy, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { forgetPack } from '../payment-pack';
import { closureRefusals, pinRefusals, refusals, sessionRefusals } from '../refusals';
import type { Notice } from '../session';
import { SLOT, withElement } from '../components/with-element';

/** Ends the session on this phone and goes to the sign-in page, saying why. */
type SignOut = (why?: Notice) => void;

/**
 * Who I am, my wallet ID, the devices signed in (each can be signed out), who
 * looked at my data, a new PIN, closing the account, and signing out.
 */
export function AccountScreen(props: { token: string; guard: Guard; onSignOut: SignOut }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:account.title'), t('app:title'));
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
      props.onSignOut('signedOut');
    });

  return (
    <div>
      <h1>{t('app:account.title')}</h1>
      {me.loading && <Spinner />}
      <ErrorBox error={me.error} messages={refusals()} />
      {me.data && (
        <section class="card">
          <dl class="facts">
            <dt>{t('app:account.name')}</dt>
            <dd translate={false}>{me.data.name}</dd>
            <dt>{t('app:account.phone')}</dt>
            <dd translate={false}>{me.data.phone}</dd>
            <dt>{t('app:account.walletId')}</dt>
            <dd>
              <span class="mono" data-testid="wallet-id" translate={false}>
                {me.data.id}
              </span>{' '}
              <Copy text={me.data.id} label={t('app:account.copy')} />
            </dd>
          </dl>
          <p class="muted small">{t('app:account.walletIdHint')}</p>
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
        <h2 id="access-h">{t('app:account.accessLog')}</h2>
        <p class="muted small">{t('app:account.accessLogIntro')}</p>
        {log.data && log.data.data.length === 0 && <p>{t('app:account.nobody')}</p>}
        {log.data && log.data.data.length > 0 && (
          <ul class="plain-list" data-testid="access-log">
            {log.data.data.map((a, i) => (
              <li key={i}>
                <strong translate={false}>{a.operator.role}</strong> · {formatTime(a.at)} —{' '}
                <span translate={false}>“{a.purpose}”</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ChangePin token={token} guard={guard} onChanged={sessions.reload} />
      <CloseAccount token={token} guard={guard} onClosed={() => props.onSignOut('closed')} />
      <ErrorBox error={leaving.error} messages={sessionRefusals()} />
      <button class="btn btn-block btn-ghost" type="button" onClick={signOutHere} disabled={leaving.busy}>
        {leaving.busy ? t('app:account.signingOut') : t('common:signOut')}
      </button>
    </div>
  );
}

/** A user agent as a person names the device: "Chrome on Android", in the language shown. */
export function deviceOf(ua: string | undefined): string {
  if (!ua) return t('app:account.unknownDevice');
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Headless)?Chrome\/|CriOS\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : t('app:account.aBrowser');
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
  return system ? t('app:account.browserOn', { browser, system }) : browser;
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
  // the device signed out last, by its user agent (named when shown, in the language shown then)
  const [ended, setEnded] = useState<{ ua: string | undefined } | null>(null);
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
        setEnded({ ua: s.userAgent });
      } finally {
        props.reload();
      }
    });

  return (
    <section class="card" aria-labelledby="devices-h">
      <h2 id="devices-h">{t('app:account.devices')}</h2>
      <p class="muted small">{t('app:account.devicesIntro')}</p>
      {props.loading && !props.sessions && <Spinner label={t('app:account.loadingDevices')} />}
      <ErrorBox error={props.error} messages={refusals()} />
      {props.sessions && (
        <ul class="session-list" data-testid="sessions">
          {list.map((s, i) => (
            <li key={s.id} data-testid="session" data-current={s.current ? 'true' : 'false'}>
              <p>
                <strong id={`${ids}-${i}`}>{deviceOf(s.userAgent)}</strong>{' '}
                {s.current && <span class="badge badge-ok">{t('app:account.thisDevice')}</span>}
              </p>
              <p class="muted small">
                {t('app:account.signedIn', { created: formatTime(s.createdAt), used: formatTime(s.lastUsedAt) })}
              </p>
              {s.userAgent && (
                <p class="muted small ua" translate={false}>
                  {s.userAgent}
                </p>
              )}
              <button
                type="button"
                class="btn btn-small btn-ghost"
                aria-describedby={`${ids}-${i}`}
                disabled={busy || props.leaving}
                onClick={() => (s.current ? props.signOutHere() : void end(s))}
              >
                {t('app:account.signOutDevice')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {ended && (
        <Alert kind="ok" testid="session-ended">
          {t('app:account.deviceSignedOut', { device: deviceOf(ended.ua) })}
        </Alert>
      )}
      <ErrorBox error={error} messages={sessionRefusals()} />
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
    if (!/^\d{6}$/.test(current)) return setError(new Error(t('app:account.badCurrent')));
    if (!/^\d{6}$/.test(next)) return setError(new Error(t('app:account.badNew')));
    if (next !== again) return setError(new Error(t('app:account.newDiffer')));
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
      <h2 id="pin-h">{t('app:account.changePin')}</h2>
      <p class="muted small">{t('app:account.changePinIntro')}</p>
      {pinField(t('app:account.currentPin'), current, setCurrent, 'current-password')}
      {pinField(t('app:account.newPin'), next, setNext, 'new-password')}
      {pinField(t('app:account.newPinAgain'), again, setAgain, 'new-password')}
      <ErrorBox error={error} messages={pinRefusals()} />
      {done && (
        <Alert kind="ok" testid="pin-changed">
          {t('app:account.pinChanged')}
        </Alert>
      )}
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? t('app:account.changing') : t('app:account.changePin')}
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
    if (!/^\d{6}$/.test(pin)) return setError(new Error(t('app:pin.enter')));
    if (!sure) return setError(new Error(t('app:account.notSure')));
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
      <h2 id="close-h">{t('app:account.close')}</h2>
      <p>{t('app:account.closeFinal')}</p>
      <ul class="plain-list small">
        <li>
          {withElement(t('app:account.erased', { label: SLOT }), <strong>{t('app:account.erasedLabel')}</strong>)}
        </li>
        <li>{withElement(t('app:account.kept', { label: SLOT }), <strong>{t('app:account.keptLabel')}</strong>)}</li>
        <li>{withElement(t('app:account.first', { label: SLOT }), <strong>{t('app:account.firstLabel')}</strong>)}</li>
      </ul>
      <h3 class="small">{t('app:account.yourBalances')}</h3>
      {wallets.loading && !wallets.data && <Spinner label={t('app:balances.loading')} />}
      <ErrorBox error={wallets.error} messages={refusals()} />
      {wallets.data && (
        <>
          {wallets.data.data.length === 0 ? (
            <p class="small" data-testid="closure-balances">
              {t('app:balances.empty')}
            </p>
          ) : (
            <ul class="plain-list small" data-testid="closure-balances">
              {wallets.data.data.map((w) => (
                <li key={w.currency} translate={false}>
                  {w.currency}: <span class="amount">{formatMoney(w.balance, w.currency)}</span>
                </li>
              ))}
            </ul>
          )}
          {held.length > 0 && (
            <Alert kind="info" testid="closure-withdraw-first">
              {t('app:account.withdrawFirst', {
                amounts: new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(
                  held.map((w) => formatMoney(w.balance, w.currency)),
                ),
              })}
            </Alert>
          )}
        </>
      )}
      <Field
        label={t('app:account.closePin')}
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
        <label for={confirmId}>{t('app:account.sure')}</label>
      </div>
      <ErrorBox error={error} messages={closureRefusals()} />
      <button class="btn btn-block btn-danger" type="submit" disabled={busy}>
        {busy ? t('app:account.closing') : t('app:account.closeMine')}
      </button>
    </form>
  );
}
