import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, Copy, ErrorBox, Field, Link, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { useAction } from '../../shared/use-action';
import { APP, BASE } from '../config';
import { ENVELOPE_REFUSALS, REFUSALS } from '../refusals';
import type { EnvelopeClaim, RedEnvelope } from '../types';

const CURRENCY = 'CNY';
const STATUS: Record<string, string> = { open: 'Open', emptied: 'All taken', expired: 'Expired' };

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
    if (!isAmount(total, minorDigits(CURRENCY))) return setError(new Error('Enter the total, such as 88.88.'));
    if (!Number.isInteger(n) || n < 1 || n > 100) return setError(new Error('Between 1 and 100 shares.'));
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
      <h2 id="make-h">Make a red envelope</h2>
      <Field
        label={`Total (${CURRENCY})`}
        value={total}
        onValue={setTotal}
        inputMode="decimal"
        autoComplete="off"
        name="total"
        required
      />
      <Field
        label="Shares"
        hint="1 to 100 people can open it."
        value={count}
        onValue={setCount}
        inputMode="numeric"
        name="count"
        required
      />
      <Select
        label="Split"
        value={split}
        onValue={(v) => setSplit(v as 'random' | 'equal')}
        options={[
          ['random', 'Lucky draw: each share a random amount'],
          ['equal', 'Equal shares'],
        ]}
        name="split"
      />
      <Field label="Message (optional)" value={message} onValue={setMessage} maxLength={140} name="message" />
      <p class="muted small">The money leaves your wallet now; what nobody opens within 24 hours comes back to you.</p>
      <ErrorBox error={error} messages={ENVELOPE_REFUSALS} />
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? 'Making…' : 'Make the envelope'}
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
    if (!code.trim()) return setError(new Error('Enter the code of the envelope.'));
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
      <h2 id="claim-h">Open an envelope</h2>
      {got && (
        <Alert kind="ok" testid="claimed">
          You got {formatMoney(got.amount, got.currency)} from {got.from.displayName}.
        </Alert>
      )}
      <Field
        label="Envelope code"
        value={code}
        onValue={setCode}
        autoComplete="off"
        autoCapitalize="characters"
        maxLength={16}
        name="code"
        required
      />
      <ErrorBox error={error} messages={ENVELOPE_REFUSALS} />
      <button class="btn btn-block" type="submit" disabled={busy}>
        {busy ? 'Opening…' : 'Open it'}
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
  useScreen('Red envelope', APP);
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
      <h1>Red envelope</h1>
      {e.loading && !env && <Spinner />}
      <ErrorBox error={e.error} messages={ENVELOPE_REFUSALS} />
      {env && (
        <section class="card envelope" data-testid="envelope">
          <p class="amount amount-huge">{formatMoney(env.total, env.currency)}</p>
          {env.message && <p>{env.message}</p>}
          <p class="muted small">
            {env.count} {env.split === 'equal' ? 'equal shares' : 'lucky-draw shares'} ·{' '}
            {STATUS[env.status] ?? env.status} · {formatMoney(env.remaining, env.currency)} left · until{' '}
            {formatTime(env.expiresAt)}
          </p>
          {env.returned && <p class="small">{formatMoney(env.returned, env.currency)} came back to the sender.</p>}
          {env.code && (
            <div class="share-code">
              <p class="muted small">Share this code:</p>
              <p class="mono amount" data-testid="envelope-code">
                {env.code}
              </p>
              <Copy text={env.code} label="Copy the code" />
            </div>
          )}
          <h2>Opened by</h2>
          {env.claims.length === 0 ? (
            <p class="muted">Nobody yet.</p>
          ) : (
            <ul class="tx-list" data-testid="envelope-claims">
              {env.claims.map((c) => (
                <li class="tx" key={c.at}>
                  <p class="tx-title">{c.displayName}</p>
                  <p class="amount">{formatMoney(c.amount, env.currency)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <Link to={`${BASE}/envelopes`} class="btn btn-block btn-ghost">
        All envelopes
      </Link>
    </div>
  );
}

/** Red envelopes (红包): make one, open one by its code, and the ones sent and opened. */
export function EnvelopesScreen(props: { token: string; guard: Guard; onMade: (e: RedEnvelope) => void }): JSX.Element {
  const { token, guard } = props;
  useScreen('Red envelopes', APP);
  const [version, setVersion] = useState(0);
  const list = (role: 'sent' | 'received') =>
    guard(unwrap(api.GET('/v1/red-envelopes', { headers: bearer(token), params: { query: { role, limit: 20 } } })));
  const sent = useLoad(() => list('sent'), [token, version]);
  const received = useLoad(() => list('received'), [token, version]);
  return (
    <div>
      <h1>Red envelopes</h1>
      <MakeEnvelope token={token} guard={guard} onMade={props.onMade} />
      <ClaimEnvelope token={token} guard={guard} onClaimed={() => setVersion((v) => v + 1)} />
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">Sent and opened</h2>
        {(sent.loading || received.loading) && <Spinner />}
        <ErrorBox error={sent.error ?? received.error} messages={REFUSALS} />
        <ul class="tx-list card" data-testid="envelopes">
          {[...(sent.data?.data ?? []), ...(received.data?.data ?? [])].map((s) => (
            <li class="tx" key={`${s.role}-${s.id}`}>
              <div>
                <p class="tx-title">
                  <Link to={`${BASE}/envelopes/${s.id}`}>
                    {s.role === 'sent' ? 'Sent' : `From ${s.from.displayName}`} · {s.message ?? 'Red envelope'}
                  </Link>
                </p>
                <p class="muted small">
                  {s.claimed}/{s.count} opened · {STATUS[s.status] ?? s.status} · {formatTime(s.createdAt)}
                </p>
              </div>
              <p class={`amount ${s.role === 'sent' ? 'neg' : 'pos'}`}>
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
