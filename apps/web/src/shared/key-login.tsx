import { t } from './i18n';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Alert, ErrorBox, Field, useScreen } from './ui';
import { useAction } from './use-action';

/**
 * The sign-in screen of a front that is used with an API key: the key is tried with
 * `check` and, when the service takes it, handed on with what `check` answered.
 */
export function KeyLogin<T>(props: {
  app: string;
  heading: string;
  intro: string;
  label: string;
  notice: string | null;
  messages: Record<string, string>;
  check: (key: string) => Promise<T>;
  onSignedIn: (key: string, answer: T) => void;
}): JSX.Element {
  useScreen(t('common:signIn'), props.app);
  const [key, setKey] = useState('');
  const { busy, error, run } = useAction();
  return (
    <div class="narrow">
      <h1>{props.heading}</h1>
      <p class="muted">{props.intro}</p>
      {props.notice && <Alert kind="info">{props.notice}</Alert>}
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => props.onSignedIn(key.trim(), await props.check(key.trim())));
        }}
      >
        <Field
          label={props.label}
          type="password"
          value={key}
          onValue={setKey}
          autoComplete="off"
          required
          spellcheck={false}
        />
        <ErrorBox error={error} messages={props.messages} />
        <button class="btn btn-block" type="submit" disabled={busy || !key.trim()}>
          {busy ? t('common:checking') : t('common:signIn')}
        </button>
      </form>
    </div>
  );
}
