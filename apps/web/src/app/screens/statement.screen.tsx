import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Spinner, useScreen } from '../../shared/ui';
import { TxLine } from '../components/tx-line';
import { refusals } from '../refusals';
import type { Tx } from '../types';

/** The whole statement, a page at a time as it scrolls (infinite scroll). */
export function StatementScreen(props: { token: string; guard: Guard }): JSX.Element {
  useScreen(t('app:statement.title'), t('app:title'));
  const [lines, setLines] = useState<Tx[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined); // undefined: first page not loaded
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const busyRef = useRef(false);

  const more = async () => {
    if (busyRef.current || cursor === null) return;
    busyRef.current = true;
    setBusy(true);
    try {
      const page = await props.guard(
        unwrap(
          api.GET('/v1/me/transactions', {
            headers: bearer(props.token),
            params: { query: { limit: 20, cursor: cursor ?? undefined } },
          }),
        ),
      );
      setLines((l) => [...l, ...page.data]);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  useEffect(() => {
    if (cursor === undefined) void more();
  }, []);
  useEffect(() => {
    if (!sentinel.current || cursor === null || cursor === undefined || error) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void more(), {
      rootMargin: '200px',
    });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [cursor, error]);

  return (
    <div>
      <h1>{t('app:statement.title')}</h1>
      {lines.length === 0 && cursor === null && <p class="card">{t('app:statement.none')}</p>}
      {lines.length > 0 && (
        <ul class="tx-list card" data-testid="statement">
          {lines.map((tx) => (
            <TxLine tx={tx} key={tx.id} />
          ))}
        </ul>
      )}
      <ErrorBox error={error} messages={refusals()} />
      {busy && <Spinner />}
      <div ref={sentinel} aria-hidden="true" />
      {cursor && !busy && (
        <button class="btn btn-ghost btn-block" type="button" onClick={() => void more()}>
          {t('app:statement.more')}
        </button>
      )}
      {cursor === null && lines.length > 0 && <p class="muted small center">{t('app:statement.end')}</p>}
    </div>
  );
}
