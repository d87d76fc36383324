import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { RowButton } from '../../shared/row-button';
import { Alert, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { CodeCard } from '../components/code-card';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Code, Ctx } from '../types';

/** Static codes: a new one, and the list of them. */
export function Codes(ctx: Ctx): JSX.Element {
  useScreen('QR codes', APP);
  const [label, setLabel] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [pages, setPages] = useState<string[]>(['']);
  const [codes, setCodes] = useState<Code[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const cur = ctx.merchant.currency;
  const list = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/merchant/qr-codes', {
            headers: bearer(ctx.key),
            params: { query: { limit: 24, cursor: pages[pages.length - 1] || undefined } },
          }),
        ),
      ),
    [pages.length],
  );
  useEffect(() => {
    if (!list.data) return;
    setCodes((c) => (pages.length === 1 ? list.data!.data : [...c, ...list.data!.data]));
    setNext(list.data.nextCursor);
  }, [list.data]);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setCreated(null);
    if (amount && !isAmount(amount, minorDigits(cur)))
      return setError(new Error('Enter an amount such as 12.30, or leave it empty.'));
    try {
      const c = await ctx.guard(
        unwrap(
          api.POST('/v1/merchant/qr-codes', {
            headers: bearer(ctx.key),
            body: { label: label.trim(), ...(amount ? { amount: normalizeAmount(amount, cur) } : {}) },
          }),
        ),
      );
      setCodes((cs) => [c, ...cs]);
      setCreated(`Code “${c.label}” created.`);
      setLabel('');
      setAmount('');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <h1>QR codes</h1>
      <p class="muted">
        A static code stays at the counter: customers type the amount, or pay the fixed amount printed on it.
      </p>
      <form class="card" onSubmit={create} noValidate>
        <h2>New code</h2>
        <div class="row">
          <Field
            label="Label"
            hint="Where the code stands, e.g. Counter 1"
            value={label}
            onValue={setLabel}
            required
            maxLength={60}
            name="label"
          />
          <Field
            label={`Fixed amount (${cur}, optional)`}
            hint="Empty: the customer types the amount"
            value={amount}
            onValue={setAmount}
            inputMode="decimal"
            name="code-amount"
          />
          <RowButton disabled={!label.trim()}>Create code</RowButton>
        </div>
        <ErrorBox error={error} messages={MESSAGES} />
        {created && <Alert kind="ok">{created}</Alert>}
      </form>
      {list.loading && codes.length === 0 && <Spinner />}
      <ErrorBox error={list.error} messages={MESSAGES} />
      {list.data && codes.length === 0 && <p class="card">No static codes yet.</p>}
      <ul class="grid code-grid">
        {codes.map((c) => (
          <CodeCard
            key={c.id}
            code={c}
            ctx={ctx}
            onChange={(nc) => setCodes((cs) => cs.map((x) => (x.id === nc.id ? nc : x)))}
          />
        ))}
      </ul>
      {next && (
        <button class="btn btn-ghost" type="button" onClick={() => setPages((p) => [...p, next])}>
          Load more codes
        </button>
      )}
    </div>
  );
}
