import { Fragment, type JSX, render } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, api, apiBlob, newKey, type Page, saveBlob } from '../shared/api';
import { formatMoney, formatTime, isAmount, minorDigits, normalizeAmount, todayUtc } from '../shared/money';
import { Alert, ErrorBox, Field, Link, Select, Spinner, navigate, useLoad, useRoute, useScreen } from '../shared/ui';
import '../shared/style.css';
import './finance.css';

const APP = 'Saoma finance console';
const BASE = '/finance';
const KEY = 'saoma.finance.apiKey';
const CURRENCIES: Array<[string, string]> = ['CNY', 'EUR', 'USD', 'JPY', 'HKD'].map((c) => [c, c]);

const MESSAGES: Record<string, string> = {
  unauthorized: 'This operator key is not valid.',
  forbidden: 'This key is not an operator key with access to finance.',
  not_found: 'Not found. (If this is a report, it may not be available on this server yet.)',
  invalid_amount: 'Enter an amount such as 12.30.',
  validation_failed: 'Some fields are not filled in correctly.',
  network_error: 'The service could not be reached. Check the connection and try again.',
};

type Guard = <T>(p: Promise<T>) => Promise<T>;
interface Ctx {
  key: string;
  guard: Guard;
}

function App(): JSX.Element {
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute(BASE);
  const signOut = (why?: string) => {
    sessionStorage.removeItem(KEY);
    setKey(null);
    setNotice(why ?? null);
    navigate(`${BASE}/`, true);
  };
  const guard: Guard = (p) =>
    p.catch((e) => {
      if (e instanceof ApiError && e.status === 401) signOut('The operator key is no longer valid: sign in again.');
      throw e;
    });
  if (!key)
    return (
      <Layout>
        <Login
          notice={notice}
          onSignedIn={(k) => {
            sessionStorage.setItem(KEY, k);
            setKey(k);
            navigate(`${BASE}/balance`, true);
          }}
        />
      </Layout>
    );
  const tab = route.split('/')[0] || 'balance';
  const ctx: Ctx = { key, guard };
  const screens: Record<string, () => JSX.Element> = {
    balance: () => <TrialBalance {...ctx} />,
    settlements: () => <Settlements {...ctx} />,
    payouts: () => <Payouts {...ctx} />,
    bank: () => <BankStatements {...ctx} />,
    reconciliation: () => <Reconciliation {...ctx} />,
    topups: () => <Topups {...ctx} />,
    consumers: () => <ConsumerLookup {...ctx} />,
  };
  return (
    <Layout tab={tab} onSignOut={() => signOut()}>
      {(screens[tab] ?? screens.balance)()}
    </Layout>
  );
}

function Layout(props: { tab?: string; onSignOut?: () => void; children: JSX.Element }): JSX.Element {
  const tabs: Array<[string, string]> = [
    ['balance', 'Trial balance'],
    ['settlements', 'Settlements'],
    ['payouts', 'Payouts'],
    ['bank', 'Bank statements'],
    ['reconciliation', 'Reconciliation'],
    ['topups', 'Top-ups'],
    ['consumers', 'Consumer look-up'],
  ];
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar finance-bar">
        <div class="topbar-inner">
          <a class="brand" href={`${BASE}/`}>
            <img class="brand-mark" src="/app/icons/icon.svg" alt="" width="28" height="28" />
            Saoma <span class="brand-sub">Finance</span>
          </a>
          {props.onSignOut && (
            <button type="button" class="btn btn-small btn-ghost push-right" onClick={props.onSignOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main">
        {props.tab && (
          <nav class="tabs" aria-label="Sections">
            {tabs.map(([t, label]) => (
              <Link key={t} to={`${BASE}/${t}`} aria-current={props.tab === t ? 'page' : undefined}>
                {label}
              </Link>
            ))}
          </nav>
        )}
        {props.children}
      </main>
    </>
  );
}

function Login(props: { notice: string | null; onSignedIn: (key: string) => void }): JSX.Element {
  useScreen('Sign in', APP);
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div class="narrow">
      <h1>Finance sign-in</h1>
      <p class="muted">Sign in with your operator API key (role finance or admin). It is kept in this browser tab only.</p>
      {props.notice && <Alert kind="info">{props.notice}</Alert>}
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await api('/v1/finance/trial-balance', { token: key.trim(), query: { currency: 'CNY' } });
            props.onSignedIn(key.trim());
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Operator API key" type="password" value={key} onValue={setKey} autoComplete="off" required spellcheck={false} />
        <ErrorBox error={error} messages={MESSAGES} />
        <button class="btn btn-block" type="submit" disabled={busy || !key.trim()}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

const YesNo = (props: { ok: boolean; yes?: string; no?: string }): JSX.Element => (
  <span class={`badge ${props.ok ? 'badge-ok' : 'badge-bad'}`}>{props.ok ? `✓ ${props.yes ?? 'yes'}` : `✗ ${props.no ?? 'no'}`}</span>
);

/* ------------------------------------------------------------------ trial balance */

interface TbAccount {
  id: string;
  code?: string;
  name: string;
  type: string;
  debits: string;
  credits: string;
  balance: string;
}

function TrialBalance(ctx: Ctx): JSX.Element {
  useScreen('Trial balance', APP);
  const [currency, setCurrency] = useState('CNY');
  const tb = useLoad(
    () => ctx.guard(api<{ currency: string; accounts: TbAccount[]; totalDebits: string; totalCredits: string; balanced: boolean }>('/v1/finance/trial-balance', { token: ctx.key, query: { currency } })),
    [currency],
  );
  const t = tb.data;
  return (
    <div>
      <h1>Trial balance</h1>
      <div class="row">
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {tb.loading && <Spinner />}
      <ErrorBox error={tb.error} messages={MESSAGES} />
      {t && (
        <div class="card table-wrap">
          <p>
            Ledger balanced: <YesNo ok={t.balanced} yes="debits = credits" no="debits ≠ credits" />
          </p>
          <table data-testid="trial-balance" class="stack-sm">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col" class="num">
                  Debits
                </th>
                <th scope="col" class="num">
                  Credits
                </th>
                <th scope="col" class="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {t.accounts.map((a) => (
                <tr key={a.id}>
                  <td class="full">
                    <strong>{a.name}</strong>
                    {a.code && <div class="muted small mono">{a.code}</div>}
                  </td>
                  <td data-label="Type">{a.type}</td>
                  <td class="num" data-label="Debits">
                    {formatMoney(a.debits, t.currency)}
                  </td>
                  <td class="num" data-label="Credits">
                    {formatMoney(a.credits, t.currency)}
                  </td>
                  <td class="num" data-label="Balance">
                    {formatMoney(a.balance, t.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td class="num" data-label="Total debits">
                  <strong>{formatMoney(t.totalDebits, t.currency)}</strong>
                </td>
                <td class="num" data-label="Total credits">
                  <strong>{formatMoney(t.totalCredits, t.currency)}</strong>
                </td>
                <td class="empty" />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ settlements */

interface SettlementLine {
  merchantId: string;
  merchantName?: string;
  paymentCount: number;
  gross: string;
  discounts: string;
  refunds: string;
  fees: string;
  net: string;
}

function Settlements(ctx: Ctx): JSX.Element {
  useScreen('Settlements', APP);
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const [error, setError] = useState<unknown>(null);
  const st = useLoad(
    () => (date ? ctx.guard(api<{ date: string; currency: string; data: SettlementLine[] }>('/v1/finance/settlements', { token: ctx.key, query: { date, currency } })) : Promise.resolve(undefined)),
    [date, currency],
  );
  const csv = async () => {
    setError(null);
    try {
      saveBlob(await ctx.guard(apiBlob('/v1/finance/settlements', { token: ctx.key, accept: 'text/csv', query: { date, currency } })), `saoma-settlements-${date}-${currency}.csv`);
    } catch (e) {
      setError(e);
    }
  };
  const s = st.data;
  return (
    <div>
      <h1>Settlements</h1>
      <p class="muted">What each merchant's balance changed by from one UTC day's payments and refunds: net = gross − discounts − refunds − fees.</p>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} />
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
        <div class="field">
          <button class="btn" type="button" onClick={() => void csv()} disabled={!date}>
            Download CSV
          </button>
        </div>
      </div>
      {st.loading && <Spinner />}
      <ErrorBox error={error ?? st.error} messages={MESSAGES} />
      {s && s.data.length === 0 && <p class="card">No payments or refunds in {s.currency} on {s.date}.</p>}
      {s && s.data.length > 0 && (
        <div class="card table-wrap">
          <table data-testid="settlements" class="stack-sm">
            <thead>
              <tr>
                <th scope="col">Merchant</th>
                <th scope="col" class="num">
                  Payments
                </th>
                <th scope="col" class="num">
                  Gross
                </th>
                <th scope="col" class="num">
                  Discounts
                </th>
                <th scope="col" class="num">
                  Refunds
                </th>
                <th scope="col" class="num">
                  Fees
                </th>
                <th scope="col" class="num">
                  Net
                </th>
              </tr>
            </thead>
            <tbody>
              {s.data.map((l) => (
                <tr key={l.merchantId} data-merchant-id={l.merchantId}>
                  <td data-label="Merchant">
                    <div>
                      {l.merchantName ?? ''}
                      <div class="muted small mono">{l.merchantId}</div>
                    </div>
                  </td>
                  <td class="num" data-label="Payments">{l.paymentCount}</td>
                  <td class="num" data-label="Gross">{formatMoney(l.gross, s.currency)}</td>
                  <td class="num" data-label="Discounts">{formatMoney(l.discounts, s.currency)}</td>
                  <td class="num" data-label="Refunds">{formatMoney(l.refunds, s.currency)}</td>
                  <td class="num" data-label="Fees">{formatMoney(l.fees, s.currency)}</td>
                  <td class="num" data-label="Net">
                    <strong>{formatMoney(l.net, s.currency)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ payouts */

interface Payout {
  id: string;
  runId?: string;
  date?: string;
  merchantId?: string;
  withdrawalId?: string;
  amount: string;
  currency: string;
  status: string;
  endToEndReference?: string;
  createdAt?: string;
}

function PayoutTable(props: { rows: Payout[]; testid?: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table data-testid={props.testid}>
        <thead>
          <tr>
            <th scope="col">Run day</th>
            <th scope="col">To</th>
            <th scope="col">End-to-end reference</th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((p) => (
            <tr key={p.id}>
              <td>{p.date ?? ''}</td>
              <td class="mono small">{p.merchantId ? `merchant ${p.merchantId}` : p.withdrawalId ? `withdrawal ${p.withdrawalId}` : ''}</td>
              <td class="mono small">{p.endToEndReference ?? ''}</td>
              <td class="num">{formatMoney(p.amount, p.currency)}</td>
              <td>
                <span class={`badge ${p.status === 'paid' ? 'badge-ok' : p.status === 'returned' ? 'badge-bad' : 'badge-warn'}`}>{p.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Payouts(ctx: Ctx): JSX.Element {
  useScreen('Payouts', APP);
  const [date, setDate] = useState(todayUtc);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<Payout[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const list = useLoad(() => ctx.guard(api<Page<Payout>>('/v1/finance/payouts', { token: ctx.key, query: { status, limit: 100 } })), [status, run]);
  return (
    <div>
      <h1>Payouts</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!window.confirm(`Pay every merchant's balance out to its bank for ${date}?`)) return;
          setBusy(true);
          setError(null);
          try {
            const r = await ctx.guard(api<{ data: Payout[] }>('/v1/finance/payouts', { token: ctx.key, body: { date }, idempotencyKey: newKey() }));
            setRun(r.data);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2>Run the payouts</h2>
        <p class="muted small">Pays each merchant's balance (and pending withdrawals) out to the bank; each payout stays pending until a bank statement confirms it.</p>
        <div class="row">
          <Field label="Business day (UTC)" type="date" value={date} onValue={setDate} required />
          <div class="field">
            <button class="btn" type="submit" disabled={busy || !date}>
              {busy ? 'Running…' : 'Run payouts'}
            </button>
          </div>
        </div>
        <ErrorBox error={error} messages={MESSAGES} />
        {run && (
          <Alert kind="ok">
            {run.length} payout{run.length === 1 ? '' : 's'} created.
          </Alert>
        )}
        {run && run.length > 0 && <PayoutTable rows={run} testid="payout-run" />}
      </form>
      <section class="card">
        <h2>All payouts</h2>
        <div class="row">
          <Select
            label="Status"
            value={status}
            onValue={setStatus}
            options={[
              ['', 'any'],
              ['pending', 'pending'],
              ['paid', 'paid'],
              ['returned', 'returned'],
            ]}
          />
        </div>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={MESSAGES} />
        {list.data && list.data.data.length === 0 && <p class="muted">None.</p>}
        {list.data && list.data.data.length > 0 && <PayoutTable rows={list.data.data} />}
      </section>
    </div>
  );
}

/* ------------------------------------------------------------------ bank statements */

interface Unmatched {
  line: number;
  date?: string;
  amount: string;
  currency: string;
  direction?: string;
  reference: string | null;
  reason: string;
}
interface Matched {
  line: number;
  kind: string;
  reference: string | null;
  amount: string;
  currency: string;
}
interface StatementImport {
  id: string;
  statementId?: string;
  format?: string;
  lines: number;
  matched: number;
  unmatched: Unmatched[];
  matchedLines?: Matched[];
}

function BankStatements(ctx: Ctx): JSX.Element {
  useScreen('Bank statements', APP);
  const file = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<StatementImport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const f = file.current?.files?.[0];
    const data: Blob | string = f ?? text;
    if (!f && !text.trim()) return setError(new Error('Choose a file, or paste the statement.'));
    const head = f ? await f.slice(0, 200).text() : text.slice(0, 200);
    const xml = (f && /\.xml$/i.test(f.name)) || head.trimStart().startsWith('<');
    setBusy(true);
    try {
      setResult(await ctx.guard(api<StatementImport>('/v1/finance/bank-statements', { token: ctx.key, raw: { data, contentType: xml ? 'application/xml' : 'text/csv' } })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <h1>Bank statements</h1>
      <form class="card" onSubmit={upload}>
        <p class="muted small">Upload the partner bank's statement (CSV, or ISO 20022 camt.053 XML): each line is matched to a top-up or a payout.</p>
        <div class="field">
          <label for="stmt-file">Statement file</label>
          <input id="stmt-file" ref={file} type="file" accept=".csv,.xml,text/csv,application/xml,text/xml" />
        </div>
        <details>
          <summary>…or paste it</summary>
          <div class="field">
            <label for="stmt-text">Statement text</label>
            <textarea id="stmt-text" value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} spellcheck={false} />
          </div>
        </details>
        <button class="btn" type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload and match'}
        </button>
        <ErrorBox error={error} messages={MESSAGES} />
      </form>
      {result && (
        <section class="card" data-testid="statement-result">
          <h2>Statement {result.statementId ?? result.id}</h2>
          <p>
            {result.lines} lines: <span class="badge badge-ok">{result.matched} matched</span> <span class={`badge ${result.unmatched.length ? 'badge-bad' : 'badge-ok'}`}>{result.unmatched.length} unmatched</span>
          </p>
          {result.unmatched.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption>Unmatched lines</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Date</th>
                    <th scope="col">Reference</th>
                    <th scope="col" class="num">
                      Amount
                    </th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.unmatched.map((u) => (
                    <tr key={u.line} class="bad">
                      <td>{u.line}</td>
                      <td>{u.date ?? ''}</td>
                      <td class="mono small">{u.reference ?? '—'}</td>
                      <td class="num">
                        {u.direction === 'debit' ? '−' : ''}
                        {formatMoney(u.amount, u.currency)}
                      </td>
                      <td>{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.matchedLines && result.matchedLines.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption>Matched lines</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Matched to</th>
                    <th scope="col">Reference</th>
                    <th scope="col" class="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.matchedLines.map((m) => (
                    <tr key={m.line}>
                      <td>{m.line}</td>
                      <td>{m.kind.replace('_', ' ')}</td>
                      <td class="mono small">{m.reference ?? '—'}</td>
                      <td class="num">{formatMoney(m.amount, m.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ reconciliation */

type Obj = Record<string, unknown>;
interface Recon {
  date: string;
  currency?: string | null;
  reconciled?: boolean;
  problems?: string[];
  ledgerBalanced: boolean;
  paymentsMatchLedger: boolean;
  mismatches: Obj[];
  bankMatched: number;
  bankUnmatched: Obj[];
  customerFunds: string;
  bankBalance: string;
  difference: string;
  inTransit?: string;
  expectedBankBalance?: string;
  payoutsAwaitingBank?: Obj[];
}

const show = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function ObjTable(props: { rows: Obj[]; caption: string; bad?: boolean; testid?: string }): JSX.Element {
  const cols = [...new Set(props.rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="table-wrap">
      <table data-testid={props.testid}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {cols.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i} class={props.bad ? 'bad' : ''}>
              {cols.map((c) => (
                <td key={c} class={/amount|expected|actual/i.test(c) ? 'num' : ''}>
                  {show(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Reconciliation(ctx: Ctx): JSX.Element {
  useScreen('Reconciliation', APP);
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const rec = useLoad(() => (date ? ctx.guard(api<Recon>('/v1/finance/reconciliation', { token: ctx.key, query: { date, currency } })) : Promise.resolve(undefined)), [date, currency]);
  const r = rec.data;
  const cur = r?.currency ?? currency;
  const diffZero = r ? /^-?0(\.0+)?$/.test(r.difference) : true;
  return (
    <div>
      <h1>Reconciliation</h1>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} />
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {rec.loading && <Spinner />}
      <ErrorBox error={rec.error} messages={MESSAGES} />
      {r && (
        <>
          <section class={`card recon-summary ${r.reconciled === false || !diffZero ? 'is-bad' : ''}`} data-testid="reconciliation">
            <h2>
              {r.date}: {r.reconciled ?? (r.ledgerBalanced && r.paymentsMatchLedger && diffZero && r.mismatches.length === 0) ? 'reconciled' : 'needs attention'}
            </h2>
            <ul class="checks">
              <li>
                Ledger balanced <YesNo ok={r.ledgerBalanced} />
              </li>
              <li>
                Payments match the ledger <YesNo ok={r.paymentsMatchLedger} />
              </li>
              <li>
                Bank lines matched that day <strong>{r.bankMatched}</strong>, unmatched <strong class={r.bankUnmatched.length ? 'danger-text' : ''}>{r.bankUnmatched.length}</strong>
              </li>
            </ul>
            <dl class="figures">
              <dt>Customer funds</dt>
              <dd>{formatMoney(r.customerFunds, cur)}</dd>
              {r.inTransit !== undefined && (
                <>
                  <dt>In transit</dt>
                  <dd>{formatMoney(r.inTransit, cur)}</dd>
                </>
              )}
              {r.expectedBankBalance !== undefined && (
                <>
                  <dt>Expected bank balance</dt>
                  <dd>{formatMoney(r.expectedBankBalance, cur)}</dd>
                </>
              )}
              <dt>Bank balance</dt>
              <dd>{formatMoney(r.bankBalance, cur)}</dd>
              <dt>Difference</dt>
              <dd class={diffZero ? '' : 'danger-text'}>
                <strong>{formatMoney(r.difference, cur)}</strong>
              </dd>
            </dl>
            {r.problems && r.problems.length > 0 && (
              <Alert kind="error">
                <ul class="plain">
                  {r.problems.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </Alert>
            )}
          </section>
          {r.mismatches.length > 0 && (
            <section class="card">
              <ObjTable rows={r.mismatches} caption={`Mismatches (${r.mismatches.length})`} bad testid="mismatches" />
            </section>
          )}
          {r.bankUnmatched.length > 0 && (
            <section class="card">
              <ObjTable rows={r.bankUnmatched} caption={`Unmatched bank lines (${r.bankUnmatched.length})`} bad />
            </section>
          )}
          {r.payoutsAwaitingBank && r.payoutsAwaitingBank.length > 0 && (
            <section class="card">
              <ObjTable rows={r.payoutsAwaitingBank} caption={`Payouts awaiting the bank (${r.payoutsAwaitingBank.length})`} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ top-ups */

interface Topup {
  id: string;
  consumerId: string;
  amount: string;
  currency: string;
  bankReference: string;
  createdAt: string;
}

function Topups(ctx: Ctx): JSX.Element {
  useScreen('Top-ups', APP);
  const [consumerId, setConsumerId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [bankReference, setBankReference] = useState('');
  const [done, setDone] = useState<Topup[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  return (
    <div>
      <h1>Top-ups</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (!isAmount(amount, minorDigits(currency))) return setError(new Error('Enter an amount such as 100.00.'));
          const body = { consumerId: consumerId.trim(), amount: normalizeAmount(amount, currency), currency, bankReference: bankReference.trim() };
          const json = JSON.stringify(body);
          // resubmitting the same top-up (e.g. after a lost answer) replays it instead of crediting twice
          if (!attempt.current || attempt.current.body !== json) attempt.current = { key: newKey(), body: json };
          setBusy(true);
          try {
            const t = await ctx.guard(api<Topup>('/v1/topups', { token: ctx.key, body, idempotencyKey: attempt.current.key }));
            setDone((d) => [t, ...d.filter((x) => x.id !== t.id)]);
            setAmount('');
            setBankReference('');
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <p class="muted small">Credit money received at the partner bank to a consumer's wallet. The bank reference ties the top-up to its line on the bank statement.</p>
        <Field label="Consumer wallet ID" value={consumerId} onValue={setConsumerId} required spellcheck={false} autoComplete="off" name="consumer-id" />
        <div class="row">
          <Field label="Amount" value={amount} onValue={setAmount} inputMode="decimal" required name="topup-amount" />
          <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
        </div>
        <Field label="Bank reference" hint="The reference of the incoming transfer on the bank statement" value={bankReference} onValue={setBankReference} required name="bank-reference" />
        <ErrorBox error={error} messages={MESSAGES} />
        <button class="btn" type="submit" disabled={busy || !consumerId.trim() || !bankReference.trim()}>
          {busy ? 'Crediting…' : 'Credit the wallet'}
        </button>
      </form>
      {done.length > 0 && (
        <section class="card" aria-live="polite">
          <h2>Credited in this session</h2>
          <ul class="plain" data-testid="topups-done">
            {done.map((t) => (
              <li key={t.id}>
                <strong>{formatMoney(t.amount, t.currency)}</strong> to <span class="mono">{t.consumerId}</span> · bank ref {t.bankReference} · {formatTime(t.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ purpose-logged consumer look-up */

function ConsumerLookup(ctx: Ctx): JSX.Element {
  useScreen('Consumer look-up', APP);
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<{ consumer: { id: string; name: string; phone: string; createdAt?: string }; wallets: Array<{ currency: string; balance: string }> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      <h1>Consumer look-up</h1>
      <Alert kind="info">Every look-up is logged with its purpose, and the consumer sees it in their wallet. Look up a person only when a task needs it.</Alert>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setResult(null);
          try {
            setResult(await ctx.guard(api('/v1/finance/consumers/' + encodeURIComponent(id.trim()), { token: ctx.key, query: { purpose: purpose.trim() } })));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label="Consumer wallet ID" value={id} onValue={setId} required spellcheck={false} name="lookup-id" />
        <Field label="Purpose" hint="Why you need it, e.g. support ticket 1234: disputed payment" value={purpose} onValue={setPurpose} required minLength={5} maxLength={200} name="purpose" />
        <ErrorBox error={error} messages={{ ...MESSAGES, not_found: 'No consumer with this ID.' }} />
        <button class="btn" type="submit" disabled={!id.trim() || purpose.trim().length < 3}>
          Look up
        </button>
      </form>
      {result && (
        <section class="card" data-testid="consumer">
          <h2>{result.consumer.name}</h2>
          <dl class="figures">
            <dt>Phone</dt>
            <dd>{result.consumer.phone}</dd>
            <dt>Wallet ID</dt>
            <dd class="mono">{result.consumer.id}</dd>
            {result.consumer.createdAt && (
              <>
                <dt>Since</dt>
                <dd>{formatTime(result.consumer.createdAt)}</dd>
              </>
            )}
            {result.wallets.map((w) => (
              <Fragment key={w.currency}>
                <dt>Balance {w.currency}</dt>
                <dd>{formatMoney(w.balance, w.currency)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

render(<App />, document.getElementById('root')!);
