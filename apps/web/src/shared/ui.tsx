import type { ComponentChildren, JSX, PartialInputHTMLAttributes } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { currentLanguage, t } from './i18n';

/* ---------- a tiny router over the History API, for one front mounted at `base` ---------- */

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** The path below `base` ("/app/scan" → "scan"; "/app/" → ""). */
export function useRoute(base: string): string {
  const read = () => location.pathname.replace(new RegExp(`^${base}/?`), '').replace(/\/$/, '');
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const l = () => setRoute(read());
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return route;
}

export function Link(props: {
  to: string;
  class?: string;
  children: ComponentChildren;
  'aria-current'?: 'page' | undefined;
}): JSX.Element {
  return (
    <a
      href={props.to}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

/* ---------- form pieces: every control has a visible label ---------- */

type InputProps = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'label' | 'role'> & {
  label: string;
  hint?: string;
  value: string;
  onValue: (v: string) => void;
};

export function Field({ label, hint, value, onValue, ...rest }: InputProps): JSX.Element {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...(rest as Record<string, unknown>)}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function Select(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: Array<[string, string]>;
  name?: string;
}): JSX.Element {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}
      >
        {props.options.map(([v, t]) => (
          <option value={v} key={v}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Alert(props: {
  kind?: 'error' | 'ok' | 'info';
  children: ComponentChildren;
  testid?: string;
}): JSX.Element {
  const kind = props.kind ?? 'error';
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={props.testid}>
      {props.children}
    </div>
  );
}

/** A refusal no message names: the service's own words in English, else the code in a translated sentence. */
function fallbackText(e: unknown): string {
  if (!(e instanceof ApiError)) return String((e as Error).message ?? e);
  if (currentLanguage() === 'en') return e.detail || e.code;
  return t('common:errors.other', { code: e.code });
}

export function ErrorBox(props: { error: unknown; messages?: Record<string, string> }): JSX.Element | null {
  if (!props.error) return null;
  const e = props.error;
  const code = e instanceof ApiError ? e.code : '';
  const text = (code && props.messages?.[code]) || fallbackText(e);
  return (
    <Alert kind="error" testid="error">
      <span data-code={code || undefined}>{text}</span>
    </Alert>
  );
}

export function Spinner(props: { label?: string }): JSX.Element {
  return (
    <p class="spinner" role="status">
      <span class="spinner-dot" aria-hidden="true" />
      {props.label ?? t('common:loading')}
    </p>
  );
}

/** Runs an async loader when its deps change; gives data, error, loading and a reload. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

/**
 * Sets document.title, and moves focus to the main heading once per screen: when the screen's
 * heading is first drawn (after its data has loaded, if it waits for it), never again while the
 * screen stays (a new title from a language switch leaves focus where the reader put it).
 */
export function useScreen(title: string, app: string): void {
  useEffect(() => {
    document.title = `${title} · ${app}`;
  }, [title, app]);
  const pending = useRef(true);
  useEffect(() => {
    if (!pending.current) return;
    const h = document.querySelector<HTMLElement>('main h1');
    if (!h) return; // not drawn yet: a later render of this screen tries again
    pending.current = false;
    h.tabIndex = -1;
    h.focus({ preventScroll: true });
  });
}

/** An image fetched with the principal's credential, shown from a blob: URL. */
export function useBlobUrl(load: (() => Promise<Blob>) | null, deps: unknown[]): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!load) return;
    let u: string | null = null;
    let live = true;
    load().then(
      (b) => {
        if (!live) return;
        u = URL.createObjectURL(b);
        setUrl(u);
      },
      () => live && setUrl(null),
    );
    return () => {
      live = false;
      if (u) URL.revokeObjectURL(u);
    };
  }, deps);
  return url;
}

export function Copy(props: { text: string; label: string }): JSX.Element {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="btn btn-small btn-ghost"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(props.text);
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        } catch {
          /* clipboard refused: the text is on screen to copy by hand */
        }
      }}
    >
      {done ? t('common:copied') : props.label}
    </button>
  );
}
