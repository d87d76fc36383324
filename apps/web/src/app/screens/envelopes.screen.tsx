import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, Copy, ErrorBox, Field, Link, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { useAction } from '../../shared/use-action';
import { BASE } from '../config';
import { envelopeRefusals, refusals } from '../refusals';
import type { EnvelopeClaim, RedEnvelope } from '../types';
import { SLOT, withElement } from '../components/with-element';

const CURRENCY = 'CNY';
/** Where an envelope stands, in the language shown. */
function statusOf(status: string): string {
  const names: Record<string, string> = {
    open: t('app:envelopes.status.open'),
    emptied: t('app:envelopes.status.emptied'),
    expired: t('app:envelopes.status.expired'),
  };
  return names[status] ?? status;
}

/** Make a red envelope and share its code. */
function MakeEnvelope(props: { token: string; guard: Guard; onMade: (e: RedEnvelope) => void }): JSX.Element {
  const [total, setTotal] = useState('');
  const [count, setCount] = useState('5');
  const [split, setSplit] = useState<'random' | 'equal'>('random');
  const [message, setMessage] = useState('');
  const { busy, error, setError, run } = useAction();
  const attempt = useIdempotencyKey();
  const make = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const n = Number(count);
    if (!isAmount(total, minorDigits(CURRENCY))) return setError(new Error(t('app:envelopes.noTotal')));
    if (!Number.isInteger(n) || n < 1 || n > 100) return setError(new Error(t('app:envelopes.badShares')));
    const body = {
      total: normalizeAmount(total, CURRENCY),
      currency: CURRENCY,
      count: n,
      split,
      ...(message.trim() ? { message: message.trim() } : {}),
    };
    const key = attempt.keyFor(body);
    await run(async () => {
      try {
        props.onMade(
          await props.guard(
            unwrap(
              api.POST('/v1/red-envelopes', {
                headers: bearer(props.token),
                params: { header: { 'Idempotency-Key': key } },
                body,
              }),
            ),
          ),
        );
        attempt.forget();
        setTotal('');
        setMessage('');
      } catch (err) {
        if (err instanceof ApiError && err.status !== 0) attempt.forget();
        throw err;
      }
    });
  };
  return (
    <form class="card" onSubmit={make} noValidate aria-labelledby="make-h">
      <h2 id="make-h">{t('app:envelopes.make')}</h2>
      <Field
        label={t('app:envelopes.total', { currency: CURRENCY })}
        value={total}
        onValue={setTotal}
        inputMode="decimal"
        autoComplete="off"
        name="total"
        required
      />
      <Field
        label={t('app:envelopes.shares')}
        hint={t('app:envelopes.sharesHint')}
        value={count}
        onValue={setCount}
        inputMode="numeric"
        name="count"
        required
      />
      <Select
        label={t('app:envelopes.split')}
        value={split}
        onValue={(v) => setSplit(v as 'random' | 'equal')}
        options={[
          ['random', t('app:envelopes.random')],
          ['equal', t('app:envelopes.equal')],
        ]}
        name="split"
      />
      <Field label={t('app:envelopes.message')} value={message} onValue={setMessage} maxLength={140} name="message" />
      <p class="muted small">{t('app:envelopes.leaves')}</p>
      <ErrorBox error={error} messages={envelopeRefusals()} />
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? t('app:envelopes.making') : t('app:envelopes.makeIt')}
      </button>
    </form>
  );
}

/** Open someone's red envelope by the code they shared. */
function ClaimEnvelope(props: { token: string; guard: Guard; onClaimed: () => void }): JSX.Element {
  const [code, setCode] = useState('');
  const [got, setGot] = useState<EnvelopeClaim | null>(null);
  const { busy, error, setError, run } = useAction();
  const attempt = useIdempotencyKey();
  const open = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!code.trim()) return setError(new Error(t('app:envelopes.noCode')));
    const body = { code: code.trim().toUpperCase() };
    const key = attempt.keyFor(body);
    await run(async () => {
      try {
        setGot(
          await props.guard(
            unwrap(
              api.POST('/v1/red-envelopes/claims', {
                headers: bearer(props.token),
                params: { header: { 'Idempotency-Key': key } },
                body,
              }),
            ),
          ),
        );
        setCode('');
        attempt.forget();
        props.onClaimed();
      } catch (err) {
        if (err instanceof ApiError && err.status !== 0) attempt.forget();
        throw err;
      }
    });
  };
  return (
    <form class="card" onSubmit={open} noValidate aria-labelledby="claim-h">
      <h2 id="claim-h">{t('app:envelopes.open')}</h2>
      {got && (
        <Alert kind="ok" testid="claimed">
          {t('app:envelopes.got', { amount: formatMoney(got.amount, got.currency), name: got.from.displayName })}
        </Alert>
      )}
      <Field
        label={t('app:envelopes.code')}
        value={code}
        onValue={setCode}
        autoComplete="off"
        autoCapitalize="characters"
        maxLength={16}
        name="code"
        required
      />
      <ErrorBox error={error} messages={envelopeRefusals()} />
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? t('app:envelopes.opening') : t('app:envelopes.openIt')}
      </button>
    </form>
  );
}

/** One envelope: its code to share (the sender's), where it stands, and who opened what (masked names). */
export function EnvelopeScreen(props: {
  id: string;
  token: string;
  guard: Guard;
  known?: RedEnvelope | null;
}): JSX.Element {
  useScreen(t('app:envelopes.one'), t('app:title'));
  const e = useLoad(
    () =>
      props.guard(
        unwrap(api.GET('/v1/red-envelopes/{id}', { headers: bearer(props.token), params: { path: { id: props.id } } })),
      ),
    [props.id],
  );
  const env = e.data ?? props.known ?? null;
  return (
    <div>
      <h1>{t('app:envelopes.one')}</h1>
      {e.loading && !env && <Spinner />}
      <ErrorBox error={e.error} messages={envelopeRefusals()} />
      {env && (
        <section class="card envelope" data-testid="envelope">
          <p class="amount amount-huge" translate={false}>
            {formatMoney(env.total, env.currency)}
          </p>
          {env.message && <p translate={false}>{env.message}</p>}
          <p class="muted small">
            {env.split === 'equal'
              ? t('app:envelopes.sharesEqual', { n: env.count })
              : t('app:envelopes.sharesLucky', { n: env.count })}{' '}
            · {statusOf(env.status)} · {t('app:envelopes.left', { amount: formatMoney(env.remaining, env.currency) })} ·{' '}
            {t('app:envelopes.until', { time: formatTime(env.expiresAt) })}
          </p>
          {env.returned && (
            <p class="small">{t('app:envelopes.cameBack', { amount: formatMoney(env.returned, env.currency) })}</p>
          )}
          {env.code && (
            <div class="share-code">
              <p class="muted small">{t('app:envelopes.share')}</p>
              <p class="mono amount" data-testid="envelope-code" translate={false}>
                {env.code}
              </p>
              <Copy text={env.code} label={t('app:envelopes.copyCode')} />
            </div>
          )}
          <h2>{t('app:envelopes.openedBy')}</h2>
          {env.claims.length === 0 ? (
            <p class="muted">{t('app:envelopes.nobody')}</p>
          ) : (
            <ul class="tx-list" data-testid="envelope-claims">
              {env.claims.map((c) => (
                <li class="tx" key={c.at}>
                  <p class="tx-title" translate={false}>
                    {c.displayName}
                  </p>
                  <p class="amount" translate={false}>
                    {formatMoney(c.amount, env.currency)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <Link to={`${BASE}/envelopes`} class="btn btn-block btn-ghost">
        {t('app:envelopes.all')}
      </Link>
    </div>
  );
}

/** Red envelopes (红包): make one, open one by its code, and the ones sent and opened. */
export function EnvelopesScreen(props: { token: string; guard: Guard; onMade: (e: RedEnvelope) => void }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:envelopes.title'), t('app:title'));
  const [version, setVersion] = useState(0);
  const list = (role: 'sent' | 'received') =>
    guard(unwrap(api.GET('/v1/red-envelopes', { headers: bearer(token), params: { query: { role, limit: 20 } } })));
  const sent = useLoad(() => list('sent'), [token, version]);
  const received = useLoad(() => list('received'), [token, version]);
  return (
    <div>
      <h1>{t('app:envelopes.title')}</h1>
      <MakeEnvelope token={token} guard={guard} onMade={props.onMade} />
      <ClaimEnvelope token={token} guard={guard} onClaimed={() => setVersion((v) => v + 1)} />
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">{t('app:envelopes.mine')}</h2>
        {(sent.loading || received.loading) && <Spinner />}
        <ErrorBox error={sent.error ?? received.error} messages={refusals()} />
        <ul class="tx-list card" data-testid="envelopes">
          {[...(sent.data?.data ?? []), ...(received.data?.data ?? [])].map((s) => (
            <li class="tx" key={`${s.role}-${s.id}`}>
              <div>
                <p class="tx-title">
                  <Link to={`${BASE}/envelopes/${s.id}`}>
                    {s.role === 'sent'
                      ? t('app:envelopes.sent')
                      : withElement(
                          t('app:envelopes.from', { name: SLOT }),
                          <span translate={false}>{s.from.displayName}</span>,
                        )}{' '}
                    · {s.message ? <span translate={false}>{s.message}</span> : t('app:envelopes.one')}
                  </Link>
                </p>
                <p class="muted small">
                  {t('app:envelopes.opened', { claimed: s.claimed, shares: s.count })} · {statusOf(s.status)} ·{' '}
                  {formatTime(s.createdAt)}
                </p>
              </div>
              <p class={`amount ${s.role === 'sent' ? 'neg' : 'pos'}`} translate={false}>
                {s.role === 'sent'
                  ? formatMoney(`-${s.total}`, s.currency, { sign: true })
                  : formatMoney(s.myAmount ?? '0', s.currency, { sign: true })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
