import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../shared/api/client';
import { Alert, ErrorBox, Field, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { REFUSALS } from '../refusals';
import type { Session } from '../session';

/** Sign in, or register a new wallet. */
export function AuthScreen(props: { onSignedIn: (s: Session) => void; notice: string | null }): JSX.Element {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('+86');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const { busy, error, setError, run } = useAction();
  useScreen(mode === 'signin' ? 'Sign in' : 'Create an account', APP);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^\+[1-9]\d{6,14}$/.test(phone.trim()))
      return setError(new Error('Enter the phone number in international form, e.g. +8613800138000.'));
    if (!/^\d{6}$/.test(pin)) return setError(new Error('The PIN is 6 digits.'));
    if (mode === 'register' && pin !== pin2) return setError(new Error('The two PINs differ.'));
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
        <h1>{mode === 'signin' ? 'Sign in to your wallet' : 'Create your wallet'}</h1>
        <p class="muted">Scan a Saoma code at the till and pay with your phone.</p>
      </div>
      {props.notice && (
        <Alert kind="info" testid="notice">
          {props.notice}
        </Alert>
      )}
      <form class="card" onSubmit={submit} noValidate>
        {mode === 'register' && (
          <Field label="Your name" value={name} onValue={setName} autoComplete="name" required maxLength={100} />
        )}
        <Field
          label="Phone number"
          hint="International form, e.g. +8613800138000"
          value={phone}
          onValue={setPhone}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
        />
        <Field
          label="PIN (6 digits)"
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
            label="PIN again"
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
        <ErrorBox error={error} messages={REFUSALS} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p class="center">
        {mode === 'signin' ? 'New to Saoma? ' : 'Already have a wallet? '}
        <button
          type="button"
          class="linklike"
          onClick={() => {
            setMode(mode === 'signin' ? 'register' : 'signin');
            setError(null);
          }}
        >
          {mode === 'signin' ? 'Create an account' : 'Sign in'}
        </button>
      </p>
    </div>
  );
}
