import { Fragment, type JSX, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, apiBlob, type Page } from '../shared/api';
import { ConsoleLayout } from '../shared/console-layout';
import { CsvButton } from '../shared/csv-button';
import { formatTime, todayUtc } from '../shared/dates';
import { download, saveBlob } from '../shared/download';
import { useIdempotencyKey } from '../shared/idempotency-key';
import { KeyLogin } from '../shared/key-login';
import { useKeySession } from '../shared/key-session';
import { COMMON_MESSAGES } from '../shared/messages';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../shared/money';
import { RowButton } from '../shared/row-button';
import type { Guard } from '../shared/session-guard';
import { StatusBadge } from '../shared/status-badge';
import { DataTable, MoneyCell, num } from '../shared/table';
import { Alert, ErrorBox, Field, Select, Spinner, useBlobUrl, useLoad, useRoute, useScreen } from '../shared/ui';
import { useAction } from '../shared/use-action';
import '../shared/style.css';
import './merchant.css';

const APP = 'Saoma merchant portal';
const BASE = '/merchant';
const KEY = 'saoma.merchant.apiKey';

const MESSAGES: Record<string, string> = {
  ...COMMON_MESSAGES,
  unauthorized: 'This API key is not valid.',
  forbidden: 'This key is not a merchant key.',
  duplicate_reference: 'This reference is already used by an order with another amount: choose another reference.',
  order_not_payable: 'This order is already paid, expired or cancelled.',
  refund_exceeds_payment: 'The refunds of this payment would add up to more than the payment.',
  insufficient_funds: 'Your Saoma balance is too small for this refund.',
  not_found: 'Not found.',
};

interface Merchant {
  id: string;
  name: string;
  city: string;
  currency: string;
  feeRate: string;
  webhookUrl?: string | null;
}
interface Code {
  id: string;
  reference: string;
  label: string;
  amount?: string;
  currency: string;
  status?: string;
  payload: string;
  createdAt: string;
}
interface Order {
  id: string;
  reference: string;
  amount: string;
  currency: string;
  status: 'open' | 'paid' | 'expired' | 'cancelled';
  payload: string;
  codeId: string;
  expiresAt: string;
  paymentId?: string;
}
interface Refund {
  id: string;
  amount: string;
  toConsumer: string;
  createdAt: string;
  reason?: string;
}
interface MPayment {
  id: string;
  status: string;
  payer: string;
  amount: string;
  discount: string;
  fee: string;
  net: string;
  refunded: string;
  currency: string;
  codeId: string;
  orderId?: string;
  orderReference?: string;
  createdAt: string;
  refunds: Refund[];
}

function App(): JSX.Element {
  const [merchant, setMerchant] = useState<Merchant | null>(null);
  const session = useKeySession({
    storageKey: KEY,
    base: BASE,
    home: 'till',
    expired: 'The API key is no longer valid: sign in again.',
    onSignOut: () => setMerchant(null),
  });
  const { key, guard } = session;
  const route = useRoute(BASE);

  useEffect(() => {
    if (key && !merchant) guard(api<Merchant>('/v1/merchant', { token: key })).then(setMerchant, () => undefined);
  }, [key]);

  if (!key)
    return (
      <Layout>
        <KeyLogin
          app={APP}
          heading="Merchant sign-in"
          intro="Sign in with the API key you were given when your shop joined Saoma. It is kept in this browser tab only, until you close it."
          label="API key"
          notice={session.notice}
          messages={MESSAGES}
          check={(k) => api<Merchant>('/v1/merchant', { token: k })}
          onSignedIn={(k, m) => {
            setMerchant(m);
            session.signIn(k);
          }}
        />
      </Layout>
    );
  if (!merchant)
    return (
      <Layout>
        <Spinner />
      </Layout>
    );
  const tab = route.split('/')[0] || 'till';
  const ctx = { key, merchant, guard, setMerchant };
  return (
    <Layout merchant={merchant} tab={tab} onSignOut={() => session.signOut()}>
      {tab === 'codes' ? (
        <Codes {...ctx} />
      ) : tab === 'payments' ? (
        <Payments {...ctx} />
      ) : tab === 'statement' ? (
        <Statement {...ctx} />
      ) : tab === 'webhooks' ? (
        <Webhooks {...ctx} />
      ) : (
        <Till {...ctx} />
      )}
    </Layout>
  );
}

interface Ctx {
  key: string;
  merchant: Merchant;
  guard: Guard;
  setMerchant: (m: Merchant) => void;
}

const TABS: Array<[string, string]> = [
  ['till', 'Till'],
  ['codes', 'QR codes'],
  ['payments', 'Payments'],
  ['statement', 'Statement'],
  ['webhooks', 'Webhooks'],
];

function Layout(props: {
  merchant?: Merchant;
  tab?: string;
  onSignOut?: () => void;
  children: JSX.Element;
}): JSX.Element {
  return (
    <ConsoleLayout
      base={BASE}
      sub="Merchant"
      tabs={TABS}
      tab={props.tab}
      actions={
        props.merchant && (
          <>
            <span class="who" data-testid="merchant-name">
              {props.merchant.name} · {props.merchant.city}
            </span>
            <button type="button" class="btn btn-small btn-ghost" onClick={props.onSignOut}>
              Sign out
            </button>
          </>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}

/* ------------------------------------------------------------------ till mode */

const newReference = (): string => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `T${d.getFullYear() % 100}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

function Till(ctx: Ctx): JSX.Element {
  useScreen('Till', APP);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState(newReference);
  const [expires, setExpires] = useState('900');
  const [order, setOrder] = useState<Order | null>(null);
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const cur = ctx.merchant.currency;

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error('Enter an amount such as 12.30.'));
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference))
      return setError(new Error('The reference is 1 to 25 letters, digits, "-", "_" or ".".'));
    await run(async () =>
      setOrder(
        await ctx.guard(
          api<Order>('/v1/merchant/orders', {
            token: ctx.key,
            body: { amount: normalizeAmount(amount, cur), reference, expiresInSeconds: Number(expires) },
          }),
        ),
      ),
    );
  };
  const done = (msg?: string) => {
    setOrder(null);
    setAmount('');
    setReference(newReference());
    setNotice(msg ?? null);
  };

  if (order) return <TillOrder ctx={ctx} initial={order} onDone={done} />;
  return (
    <div class="narrow">
      <h1>Till</h1>
      <p class="muted">
        Enter the amount of the sale: the customer scans the code shown full screen, and this page turns to PAID by
        itself.
      </p>
      {notice && <Alert kind="info">{notice}</Alert>}
      <form class="card" onSubmit={create} noValidate>
        <Field
          label={`Amount (${cur})`}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          required
          name="amount"
        />
        <Field
          label="Reference"
          hint="Your sale or receipt number: 1 to 25 letters, digits, - _ ."
          value={reference}
          onValue={setReference}
          maxLength={25}
          required
          name="reference"
        />
        <Select
          label="Code valid for"
          value={expires}
          onValue={setExpires}
          options={[
            ['120', '2 minutes'],
            ['300', '5 minutes'],
            ['900', '15 minutes'],
            ['3600', '1 hour'],
          ]}
        />
        <ErrorBox error={error} messages={MESSAGES} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Show the code'}
        </button>
      </form>
    </div>
  );
}

function useCountdown(until: string): number {
  const [left, setLeft] = useState(() => Math.max(0, Date.parse(until) - Date.now()));
  useEffect(() => {
    const t = window.setInterval(() => setLeft(Math.max(0, Date.parse(until) - Date.now())), 1000);
    return () => window.clearInterval(t);
  }, [until]);
  return left;
}

function TillOrder(props: { ctx: Ctx; initial: Order; onDone: (msg?: string) => void }): JSX.Element {
  const { ctx } = props;
  const [order, setOrder] = useState(props.initial);
  const [error, setError] = useState<unknown>(null);
  const left = useCountdown(order.expiresAt);
  const img = useBlobUrl(
    () => apiBlob(`/v1/merchant/qr-codes/${order.codeId}/image.png`, { token: ctx.key, accept: 'image/png' }),
    [order.codeId],
  );
  const box = useRef<HTMLDivElement>(null);
  useScreen(order.status === 'paid' ? 'Paid' : 'Customer scan', APP);

  // short polling: the page turns PAID without a reload
  useEffect(() => {
    if (order.status !== 'open') return;
    let live = true;
    const t = window.setInterval(async () => {
      try {
        const o = await ctx.guard(api<Order>(`/v1/merchant/orders/${order.id}`, { token: ctx.key }));
        if (live) setOrder(o);
      } catch {
        /* the next poll tries again */
      }
    }, 1500);
    return () => {
      live = false;
      window.clearInterval(t);
    };
  }, [order.id, order.status]);

  useEffect(() => {
    if (order.status === 'open' && left === 0) setOrder({ ...order, status: 'expired' });
  }, [left]);

  const cancel = async () => {
    setError(null);
    try {
      await ctx.guard(
        api<Order>(`/v1/merchant/orders/${order.id}/cancel`, { token: ctx.key, method: 'POST', body: {} }),
      );
      props.onDone(`Order ${order.reference} cancelled.`);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'order_not_payable') {
        const o = await api<Order>(`/v1/merchant/orders/${order.id}`, { token: ctx.key }).catch(() => null);
        if (o) setOrder(o);
      }
    }
  };
  const mm = Math.floor(left / 60000);
  const ss = Math.floor((left % 60000) / 1000);

  return (
    <div
      ref={box}
      class={`till-full status-${order.status}`}
      data-testid="till"
      data-order-id={order.id}
      data-code-id={order.codeId}
      data-status={order.status}
    >
      {order.status === 'paid' ? (
        <div class="till-paid" role="status" aria-live="assertive">
          <p class="paid-word">PAID</p>
          <p class="amount till-amount">{formatMoney(order.amount, order.currency)}</p>
          <p>Order {order.reference}</p>
          {order.paymentId && <p class="mono small">Payment {order.paymentId}</p>}
          <button class="btn btn-big till-next" type="button" onClick={() => props.onDone()} autoFocus>
            New sale
          </button>
        </div>
      ) : (
        <div class="till-code">
          <h1 class="till-merchant">{ctx.merchant.name}</h1>
          <p class="amount till-amount" data-testid="till-amount">
            {formatMoney(order.amount, order.currency)}
          </p>
          {img ? (
            <img
              class="till-qr"
              src={img}
              alt={`Payment code for ${formatMoney(order.amount, order.currency)}, order ${order.reference}`}
            />
          ) : (
            <div class="till-qr" aria-hidden="true" />
          )}
          <p class="till-ref">Order {order.reference}</p>
          {order.status === 'open' ? (
            <p class="till-countdown" aria-live="off">
              Scan with Saoma · expires in{' '}
              <span data-testid="countdown">
                {mm}:{String(ss).padStart(2, '0')}
              </span>
            </p>
          ) : (
            <p class="till-countdown" role="status">
              {order.status === 'expired' ? 'This code has expired.' : 'This order was cancelled.'}
            </p>
          )}
          <ErrorBox error={error} messages={MESSAGES} />
          <div class="actions till-actions">
            {order.status === 'open' ? (
              <>
                <button class="btn btn-danger" type="button" onClick={cancel}>
                  Cancel sale
                </button>
                {document.fullscreenEnabled && (
                  <button
                    class="btn btn-ghost"
                    type="button"
                    onClick={() => void box.current?.requestFullscreen().catch(() => undefined)}
                  >
                    Full screen
                  </button>
                )}
              </>
            ) : (
              <button class="btn" type="button" onClick={() => props.onDone()}>
                New sale
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ static codes */

function Codes(ctx: Ctx): JSX.Element {
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
        api<Page<Code>>('/v1/merchant/qr-codes', {
          token: ctx.key,
          query: { limit: 24, cursor: pages[pages.length - 1] || undefined },
        }),
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
        api<Code>('/v1/merchant/qr-codes', {
          token: ctx.key,
          body: { label: label.trim(), ...(amount ? { amount: normalizeAmount(amount, cur) } : {}) },
        }),
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

function CodeCard(props: { code: Code; ctx: Ctx; onChange: (c: Code) => void }): JSX.Element {
  const { code: c, ctx } = props;
  const [error, setError] = useState<unknown>(null);
  const img = useBlobUrl(
    () => apiBlob(`/v1/merchant/qr-codes/${c.id}/image.png`, { token: ctx.key, accept: 'image/png' }),
    [c.id],
  );
  const image = (kind: 'png' | 'svg') =>
    download(
      () =>
        ctx.guard(
          apiBlob(`/v1/merchant/qr-codes/${c.id}/image.${kind}`, {
            token: ctx.key,
            accept: kind === 'png' ? 'image/png' : 'image/svg+xml',
          }),
        ),
      `saoma-${c.reference}.${kind}`,
      setError,
    );
  const poster = async () => {
    setError(null);
    const win = window.open('', '_blank');
    try {
      const pdf = await ctx.guard(
        apiBlob(`/v1/merchant/qr-codes/${c.id}/poster.pdf`, { token: ctx.key, accept: 'application/pdf' }),
      );
      const url = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
      if (win) win.location.href = url;
      else saveBlob(pdf, `saoma-poster-${c.reference}.pdf`);
      setTimeout(() => URL.revokeObjectURL(url), 120_000);
    } catch (e) {
      win?.close();
      setError(e);
    }
  };
  const disable = async () => {
    if (!window.confirm(`Switch off the code “${c.label}”? Customers who scan it will be told it is disabled.`)) return;
    try {
      props.onChange(
        await ctx.guard(
          api<Code>(`/v1/merchant/qr-codes/${c.id}/disable`, { token: ctx.key, method: 'POST', body: {} }),
        ),
      );
    } catch (e) {
      setError(e);
    }
  };
  const disabled = c.status === 'disabled';
  return (
    <li class={`card code-card ${disabled ? 'is-disabled' : ''}`} data-testid="code" data-code-id={c.id}>
      {img ? (
        <img src={img} alt={`QR code “${c.label}”`} class="code-preview" width="160" height="160" />
      ) : (
        <div class="code-preview" aria-hidden="true" />
      )}
      <div>
        <h3>{c.label || 'Untitled code'}</h3>
        <p class="small">
          {c.amount ? (
            <strong>{formatMoney(c.amount, c.currency)}</strong>
          ) : (
            <span class="muted">Customer types the amount</span>
          )}
          {disabled && (
            <>
              {' '}
              <span class="badge badge-bad">Disabled</span>
            </>
          )}
        </p>
        <p class="muted small">
          Ref <span class="mono">{c.reference}</span>
        </p>
        <div class="actions">
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void image('png')}>
            PNG
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void image('svg')}>
            SVG
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void poster()}>
            Print poster
          </button>
          {!disabled && (
            <button type="button" class="btn btn-small btn-ghost danger-text" onClick={() => void disable()}>
              Disable
            </button>
          )}
        </div>
        <ErrorBox error={error} messages={MESSAGES} />
      </div>
    </li>
  );
}

/* ------------------------------------------------------------------ payments and refunds */

function Payments(ctx: Ctx): JSX.Element {
  useScreen('Payments', APP);
  const [day, setDay] = useState('');
  const [n, setN] = useState(0);
  const list = useLoad(
    () =>
      ctx.guard(
        api<Page<MPayment>>('/v1/merchant/payments', {
          token: ctx.key,
          query: day ? { from: day, to: day, limit: 200 } : { limit: 100 },
        }),
      ),
    [day, n],
  );
  const balance = useLoad(
    () => ctx.guard(api<{ currency: string; balance: string }>('/v1/merchant/balance', { token: ctx.key })),
    [n],
  );
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div>
      <h1>Payments</h1>
      <div class="row">
        <div class="card stat">
          <p class="muted small">Balance with Saoma</p>
          <p class="amount stat-value" data-testid="merchant-balance">
            {balance.data ? formatMoney(balance.data.balance, balance.data.currency) : '…'}
          </p>
        </div>
        <Field label="Day (UTC, empty for all)" type="date" value={day} onValue={setDay} />
      </div>
      <p class="muted small">
        Payers are shown by a pseudonym: the same customer has the same pseudonym at your shop, and Saoma never tells
        you who they are.
      </p>
      {list.loading && <Spinner />}
      <ErrorBox error={list.error} messages={MESSAGES} />
      {list.data && list.data.data.length === 0 && <p class="card">No payments{day ? ' that day' : ' yet'}.</p>}
      {list.data && list.data.data.length > 0 && (
        <DataTable
          wrap="table-wrap card"
          testid="payments"
          class="stack-sm"
          caption="Payments, newest first"
          captionHidden
          cols={[
            'Time',
            'Order / code',
            'Payer',
            num('Amount'),
            num('Fee'),
            num('Net'),
            num('Refunded'),
            'Status',
            <span class="visually-hidden">Actions</span>,
          ]}
          rows={list.data.data}
          row={(p) => (
            <Fragment key={p.id}>
              <tr data-payment-id={p.id}>
                <td data-label="Time">{formatTime(p.createdAt)}</td>
                <td data-label="Order / code">{p.orderReference ?? <span class="muted">static code</span>}</td>
                <td class="mono nowrap" data-label="Payer" data-testid="payer">
                  {p.payer}
                </td>
                <MoneyCell label="Amount" amount={p.amount} currency={p.currency} />
                <MoneyCell label="Fee" amount={p.fee} currency={p.currency} />
                <MoneyCell label="Net" amount={p.net} currency={p.currency} />
                <td class="num" data-label="Refunded">
                  {greaterThan(p.refunded, '0') ? formatMoney(p.refunded, p.currency) : '—'}
                </td>
                <td data-label="Status">
                  <StatusBadge status={p.status} ok="succeeded">
                    {p.status.replace('_', ' ')}
                  </StatusBadge>
                </td>
                <td class="full">
                  {p.status !== 'refunded' && (
                    <button
                      type="button"
                      class="btn btn-small btn-ghost"
                      aria-expanded={open === p.id}
                      onClick={() => setOpen(open === p.id ? null : p.id)}
                    >
                      Refund
                    </button>
                  )}
                </td>
              </tr>
              {open === p.id && (
                <tr key={`${p.id}-refund`} class="refund-row">
                  <td colSpan={9} class="full">
                    <RefundForm
                      ctx={ctx}
                      payment={p}
                      onDone={() => {
                        setOpen(null);
                        setN((x) => x + 1);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          )}
        />
      )}
    </div>
  );
}

/** What is left to refund, in the currency's digits. */
function remaining(p: MPayment): string {
  const d = minorDigits(p.currency);
  const toMinor = (s: string) => BigInt(s.replace('.', ''));
  const left = toMinor(p.amount) - toMinor(p.refunded);
  const str = left.toString().padStart(d + 1, '0');
  return d ? `${str.slice(0, -d)}.${str.slice(-d)}` : str;
}

function RefundForm(props: { ctx: Ctx; payment: MPayment; onDone: () => void }): JSX.Element {
  const p = props.payment;
  const [amount, setAmount] = useState(remaining(p));
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  const [ok, setOk] = useState<string | null>(null);
  // a retry of the same refund keeps its Idempotency-Key: a refund is never made twice
  const attempt = useIdempotencyKey();
  return (
    <form
      class="refund-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        if (!isAmount(amount, minorDigits(p.currency))) return setError(new Error('Enter an amount such as 12.30.'));
        const body = {
          amount: normalizeAmount(amount, p.currency),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        };
        const idempotencyKey = attempt.keyFor(body);
        await run(async () => {
          try {
            const r = await props.ctx.guard(
              api<Refund>(`/v1/merchant/payments/${p.id}/refunds`, { token: props.ctx.key, body, idempotencyKey }),
            );
            setOk(
              `Refunded ${formatMoney(r.amount, p.currency)}; the customer gets ${formatMoney(r.toConsumer, p.currency)} back.`,
            );
            attempt.forget();
            setTimeout(props.onDone, 1200);
          } catch (err) {
            if (err instanceof ApiError && err.status !== 0) attempt.forget();
            throw err;
          }
        });
      }}
    >
      <div class="row">
        <Field
          label={`Refund amount (${p.currency})`}
          hint={`At most ${formatMoney(remaining(p), p.currency)}`}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          name="refund-amount"
        />
        <Field label="Reason (optional)" value={reason} onValue={setReason} maxLength={200} name="refund-reason" />
        <RowButton disabled={busy}>{busy ? 'Refunding…' : 'Refund'}</RowButton>
      </div>
      <ErrorBox error={error} messages={MESSAGES} />
      {ok && <Alert kind="ok">{ok}</Alert>}
    </form>
  );
}

/* ------------------------------------------------------------------ daily statement */

interface StatementLine {
  at: string;
  type: string;
  paymentId?: string;
  orderReference?: string;
  amount: string;
  discount: string;
  fee: string;
  net: string;
  payer?: string;
}

function Statement(ctx: Ctx): JSX.Element {
  useScreen('Statement', APP);
  const [date, setDate] = useState(todayUtc);
  const [error, setError] = useState<unknown>(null);
  const st = useLoad(
    () =>
      date
        ? ctx.guard(
            api<{
              date: string;
              currency: string;
              openingBalance: string;
              closingBalance: string;
              data: StatementLine[];
            }>(`/v1/merchant/statements/${date}`, { token: ctx.key }),
          )
        : Promise.resolve(undefined),
    [date],
  );
  const s = st.data;
  return (
    <div>
      <h1>Daily statement</h1>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} max={todayUtc()} />
        <CsvButton
          load={() => ctx.guard(apiBlob(`/v1/merchant/statements/${date}`, { token: ctx.key, accept: 'text/csv' }))}
          filename={`saoma-statement-${date}.csv`}
          disabled={!date}
          setError={setError}
        />
      </div>
      <ErrorBox
        error={error ?? st.error}
        messages={{ ...MESSAGES, not_found: 'Statements are not available on this server yet.' }}
      />
      {st.loading && <Spinner />}
      {s && (
        <div class="card">
          <div class="row stat-row">
            <p>
              Opening balance <strong class="amount">{formatMoney(s.openingBalance, s.currency)}</strong>
            </p>
            <p>
              Closing balance <strong class="amount">{formatMoney(s.closingBalance, s.currency)}</strong>
            </p>
          </div>
          {s.data.length === 0 ? (
            <p class="muted">No movements that day.</p>
          ) : (
            <DataTable
              testid="statement"
              class="stack-sm"
              cols={['Time', 'Type', 'Order', 'Payer', num('Amount'), num('Discount'), num('Fee'), num('Net')]}
              rows={s.data}
              row={(l, i) => (
                <tr key={i}>
                  <td data-label="Time">{formatTime(l.at)}</td>
                  <td data-label="Type">{l.type}</td>
                  <td data-label="Order">{l.orderReference ?? ''}</td>
                  <td class="mono nowrap" data-label="Payer">
                    {l.payer ?? ''}
                  </td>
                  <MoneyCell label="Amount" amount={l.amount} currency={s.currency} />
                  <MoneyCell label="Discount" amount={l.discount} currency={s.currency} />
                  <MoneyCell label="Fee" amount={l.fee} currency={s.currency} />
                  <MoneyCell label="Net" amount={l.net} currency={s.currency} sign />
                </tr>
              )}
            />
          )}
        </div>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ webhooks */

interface Delivery {
  eventId: string;
  type: string;
  status?: string;
  attempts: number;
  lastStatus: number | null;
  lastError?: string;
  createdAt?: string;
  deliveredAt?: string;
  nextAttemptAt?: string;
}

function Webhooks(ctx: Ctx): JSX.Element {
  useScreen('Webhooks', APP);
  const [url, setUrl] = useState(ctx.merchant.webhookUrl ?? '');
  const { error, run } = useAction();
  const [ok, setOk] = useState<string | null>(null);
  const log = useLoad(
    () => ctx.guard(api<Page<Delivery>>('/v1/merchant/webhook-deliveries', { token: ctx.key, query: { limit: 50 } })),
    [],
  );
  return (
    <div>
      <h1>Webhooks</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setOk(null);
          void run(async () => {
            ctx.setMerchant(
              await ctx.guard(
                api<Merchant>('/v1/merchant', { token: ctx.key, method: 'PATCH', body: { webhookUrl: url.trim() } }),
              ),
            );
            setOk('Webhook URL saved.');
          });
        }}
      >
        <p class="muted small">
          Saoma POSTs payment.succeeded, refund.succeeded, order.expired and order.cancelled to this URL, signed per
          Standard Webhooks with a key published in the JWKS.
        </p>
        <div class="row">
          <Field
            label="Webhook URL"
            type="url"
            value={url}
            onValue={setUrl}
            placeholder="https://shop.example/saoma"
            inputMode="url"
            name="webhook-url"
          />
          <RowButton>Save</RowButton>
        </div>
        <ErrorBox error={error} messages={MESSAGES} />
        {ok && <Alert kind="ok">{ok}</Alert>}
      </form>
      <section class="card" aria-labelledby="log-h">
        <div class="row">
          <h2 id="log-h">Delivery log</h2>
          <button type="button" class="btn btn-small btn-ghost" onClick={log.reload}>
            Refresh
          </button>
        </div>
        {log.loading && <Spinner />}
        <ErrorBox error={log.error} messages={MESSAGES} />
        {log.data && log.data.data.length === 0 && <p class="muted">No events yet.</p>}
        {log.data && log.data.data.length > 0 && (
          <DataTable
            testid="deliveries"
            cols={['Event', 'Type', 'Status', num('Attempts'), 'Last answer', 'Delivered / next attempt']}
            rows={log.data.data}
            row={(d) => (
              <tr key={d.eventId} class={d.status === 'failed' ? 'bad' : ''}>
                <td class="mono small">{d.eventId}</td>
                <td>{d.type}</td>
                <td>
                  <StatusBadge status={d.status} ok="delivered" bad="failed">
                    {d.status ?? (d.deliveredAt ? 'delivered' : 'pending')}
                  </StatusBadge>
                </td>
                <td class="num">{d.attempts}</td>
                <td>
                  {d.lastStatus === null ? '—' : d.lastStatus === 0 ? 'no answer' : `HTTP ${d.lastStatus}`}
                  {d.lastError && <span class="muted small"> · {d.lastError}</span>}
                </td>
                <td>
                  {d.deliveredAt
                    ? formatTime(d.deliveredAt)
                    : d.nextAttemptAt
                      ? `next ${formatTime(d.nextAttemptAt)}`
                      : '—'}
                </td>
              </tr>
            )}
          />
        )}
      </section>
    </div>
  );
}

render(<App />, document.getElementById('root')!);
