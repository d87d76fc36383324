import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import { Alert, ErrorBox, Field, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { refusals } from '../refusals';
import type { Notice, Session } from '../session';

/** Sign in, or register a new wallet. */
export function AuthScreen(props: { onSignedIn: (s: Session) => void; notice: Notice | null }): JSX.Element {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('+86');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const { busy, error, setError, run } = useAction();
  useScreen(mode === 'signin' ? t('common:signIn') : t('app:auth.createAnAccount'), t('app:title'));

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^\+[1-9]\d{6,14}$/.test(phone.trim())) return setError(new Error(t('app:auth.badPhone')));
    if (!/^\d{6}$/.test(pin)) return setError(new Error(t('app:auth.badPin')));
    if (mode === 'register' && pin !== pin2) return setError(new Error(t('app:auth.pinsDiffer')));
    await run(async () => {
      if (mode === 'register') {
        const r = await unwrap(
          api.POST('/v1/consumers', {
            body: { name: name.trim(), phone: phone.trim(), pin },
          }),
        );
        props.onSignedIn({ token: r.token });
      } else {
        const r = await unwrap(
          api.POST('/v1/consumers/sessions', {
            body: { phone: phone.trim(), pin },
          }),
        );
        props.onSignedIn({ token: r.token, expiresAt: r.expiresAt });
      }
    });
  };

  return (
    <div>
      <div class="hero">
        <h1>{mode === 'signin' ? t('app:auth.signInTitle') : t('app:auth.registerTitle')}</h1>
        <p class="muted">{t('app:auth.intro')}</p>
      </div>
      {props.notice && (
        <Alert kind="info" testid="notice">
          {t(`app:notices.${props.notice}`)}
        </Alert>
      )}
      <form class="card" onSubmit={submit} noValidate>
        {mode === 'register' && (
          <Field
            label={t('app:auth.name')}
            value={name}
            onValue={setName}
            autoComplete="name"
            required
            maxLength={100}
          />
        )}
        <Field
          label={t('app:auth.phone')}
          hint={t('app:auth.phoneHint')}
          value={phone}
          onValue={setPhone}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
        />
        <Field
          label={t('app:pin.label')}
          value={pin}
          onValue={setPin}
          type="password"
          inputMode="numeric"
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          maxLength={6}
          pattern="[0-9]{6}"
          required
        />
        {mode === 'register' && (
          <Field
            label={t('app:auth.pinAgain')}
            value={pin2}
            onValue={setPin2}
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={6}
            pattern="[0-9]{6}"
            required
          />
        )}
        <ErrorBox error={error} messages={refusals()} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? t('app:auth.wait') : mode === 'signin' ? t('common:signIn') : t('app:auth.createAccount')}
        </button>
      </form>
      <p class="center">
        {mode === 'signin' ? t('app:auth.newHere') : t('app:auth.haveWallet')}{' '}
        <button
          type="button"
          class="linklike"
          onClick={() => {
            setMode(mode === 'signin' ? 'register' : 'signin');
            setError(null);
          }}
        >
          {mode === 'signin' ? t('app:auth.createAnAccount') : t('common:signIn')}
        </button>
      </p>
    </div>
  );
}
