import { Fragment, type JSX, render } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, apiBlob, newKey, type Page } from '../shared/api';
import { ConsoleLayout } from '../shared/console-layout';
import { CsvButton } from '../shared/csv-button';
import { formatTime, todayUtc } from '../shared/dates';
import { useIdempotencyKey } from '../shared/idempotency-key';
import { KeyLogin } from '../shared/key-login';
import { useKeySession } from '../shared/key-session';
import { COMMON_MESSAGES } from '../shared/messages';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../shared/money';
import { RowButton } from '../shared/row-button';
import type { Guard } from '../shared/session-guard';
import { StatusBadge } from '../shared/status-badge';
import { DataTable, MoneyCell, TableHead, num } from '../shared/table';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useRoute, useScreen } from '../shared/ui';
import { useAction } from '../shared/use-action';
import '../shared/style.css';
import './finance.css';

const APP = 'Saoma finance console';
const BASE = '/finance';
const KEY = 'saoma.finance.apiKey';
const CURRENCIES: Array<[string, string]> = ['CNY', 'EUR', 'USD', 'JPY', 'HKD'].map((c) => [c, c]);

const MESSAGES: Record<string, string> = {
  ...COMMON_MESSAGES,
  unauthorized: 'This operator key is not valid.',
  forbidden: 'This key is not an operator key with access to finance.',
  not_found: 'Not found. (If this is a report, it may not be available on this server yet.)',
};

interface Ctx {
  key: string;
  guard: Guard;
}

function App(): JSX.Element {
  const session = useKeySession({
    storageKey: KEY,
    base: BASE,
    home: 'balance',
    expired: 'The operator key is no longer valid: sign in again.',
  });
  const route = useRoute(BASE);
  if (!session.key)
    return (
      <Layout>
        <KeyLogin
          app={APP}
          heading="Finance sign-in"
          intro="Sign in with your operator API key (role finance or admin). It is kept in this browser tab only."
          label="Operator API key"
          notice={session.notice}
          messages={MESSAGES}
          check={(k) => api('/v1/finance/trial-balance', { token: k, query: { currency: 'CNY' } })}
          onSignedIn={session.signIn}
        />
      </Layout>
    );
  const tab = route.split('/')[0] || 'balance';
  const ctx: Ctx = { key: session.key, guard: session.guard };
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
    <Layout tab={tab} onSignOut={() => session.signOut()}>
      {(screens[tab] ?? screens.balance)()}
    </Layout>
  );
}

const TABS: Array<[string, string]> = [
  ['balance', 'Trial balance'],
  ['settlements', 'Settlements'],
  ['payouts', 'Payouts'],
  ['bank', 'Bank statements'],
  ['reconciliation', 'Reconciliation'],
  ['topups', 'Top-ups'],
  ['consumers', 'Consumer look-up'],
];

function Layout(props: { tab?: string; onSignOut?: () => void; children: JSX.Element }): JSX.Element {
  return (
    <ConsoleLayout
      base={BASE}
      sub="Finance"
      headerClass="finance-bar"
      tabs={TABS}
      tab={props.tab}
      actions={
        props.onSignOut && (
          <button type="button" class="btn btn-small btn-ghost push-right" onClick={props.onSignOut}>
            Sign out
          </button>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}

const YesNo = (props: { ok: boolean; yes?: string; no?: string }): JSX.Element => (
  <span class={`badge ${props.ok ? 'badge-ok' : 'badge-bad'}`}>
    {props.ok ? `✓ ${props.yes ?? 'yes'}` : `✗ ${props.no ?? 'no'}`}
  </span>
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
    () =>
      ctx.guard(
        api<{ currency: string; accounts: TbAccount[]; totalDebits: string; totalCredits: string; balanced: boolean }>(
          '/v1/finance/trial-balance',
          { token: ctx.key, query: { currency } },
        ),
      ),
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
            <TableHead cols={['Account', 'Type', num('Debits'), num('Credits'), num('Balance')]} />
            <tbody>
              {t.accounts.map((a) => (
                <tr key={a.id}>
                  <td class="full">
                    <strong>{a.name}</strong>
                    {a.code && <div class="muted small mono">{a.code}</div>}
                  </td>
                  <td data-label="Type">{a.type}</td>
                  <MoneyCell label="Debits" amount={a.debits} currency={t.currency} />
                  <MoneyCell label="Credits" amount={a.credits} currency={t.currency} />
                  <MoneyCell label="Balance" amount={a.balance} currency={t.currency} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <MoneyCell label="Total debits" amount={t.totalDebits} currency={t.currency} strong />
                <MoneyCell label="Total credits" amount={t.totalCredits} currency={t.currency} strong />
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
    () =>
      date
        ? ctx.guard(
            api<{ date: string; currency: string; data: SettlementLine[] }>('/v1/finance/settlements', {
              token: ctx.key,
              query: { date, currency },
            }),
          )
        : Promise.resolve(undefined),
    [date, currency],
  );
  const s = st.data;
  return (
    <div>
      <h1>Settlements</h1>
      <p class="muted">
        What each merchant's balance changed by from one UTC day's payments and refunds: net = gross − discounts −
        refunds − fees.
      </p>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} />
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
        <CsvButton
          load={() =>
            ctx.guard(
              apiBlob('/v1/finance/settlements', { token: ctx.key, accept: 'text/csv', query: { date, currency } }),
            )
          }
          filename={`saoma-settlements-${date}-${currency}.csv`}
          disabled={!date}
          setError={setError}
        />
      </div>
      {st.loading && <Spinner />}
      <ErrorBox error={error ?? st.error} messages={MESSAGES} />
      {s && s.data.length === 0 && (
        <p class="card">
          No payments or refunds in {s.currency} on {s.date}.
        </p>
      )}
      {s && s.data.length > 0 && (
        <DataTable
          wrap="card table-wrap"
          testid="settlements"
          class="stack-sm"
          cols={['Merchant', num('Payments'), num('Gross'), num('Discounts'), num('Refunds'), num('Fees'), num('Net')]}
          rows={s.data}
          row={(l) => (
            <tr key={l.merchantId} data-merchant-id={l.merchantId}>
              <td data-label="Merchant">
                <div>
                  {l.merchantName ?? ''}
                  <div class="muted small mono">{l.merchantId}</div>
                </div>
              </td>
              <td class="num" data-label="Payments">
                {l.paymentCount}
              </td>
              <MoneyCell label="Gross" amount={l.gross} currency={s.currency} />
              <MoneyCell label="Discounts" amount={l.discounts} currency={s.currency} />
              <MoneyCell label="Refunds" amount={l.refunds} currency={s.currency} />
              <MoneyCell label="Fees" amount={l.fees} currency={s.currency} />
              <MoneyCell label="Net" amount={l.net} currency={s.currency} strong />
            </tr>
          )}
        />
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
    <DataTable
      testid={props.testid}
      cols={['Run day', 'To', 'End-to-end reference', num('Amount'), 'Status']}
      rows={props.rows}
      row={(p) => (
        <tr key={p.id}>
          <td>{p.date ?? ''}</td>
          <td class="mono small">
            {p.merchantId ? `merchant ${p.merchantId}` : p.withdrawalId ? `withdrawal ${p.withdrawalId}` : ''}
          </td>
          <td class="mono small">{p.endToEndReference ?? ''}</td>
          <MoneyCell amount={p.amount} currency={p.currency} />
          <td>
            <StatusBadge status={p.status} ok="paid" bad="returned" />
          </td>
        </tr>
      )}
    />
  );
}

function Payouts(ctx: Ctx): JSX.Element {
  useScreen('Payouts', APP);
  const [date, setDate] = useState(todayUtc);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<Payout[] | null>(null);
  const action = useAction();
  const list = useLoad(
    () => ctx.guard(api<Page<Payout>>('/v1/finance/payouts', { token: ctx.key, query: { status, limit: 100 } })),
    [status, run],
  );
  return (
    <div>
      <h1>Payouts</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!window.confirm(`Pay every merchant's balance out to its bank for ${date}?`)) return;
          void action.run(async () =>
            setRun(
              (
                await ctx.guard(
                  api<{ data: Payout[] }>('/v1/finance/payouts', {
                    token: ctx.key,
                    body: { date },
                    idempotencyKey: newKey(),
                  }),
                )
              ).data,
            ),
          );
        }}
      >
        <h2>Run the payouts</h2>
        <p class="muted small">
          Pays each merchant's balance (and pending withdrawals) out to the bank; each payout stays pending until a bank
          statement confirms it.
        </p>
        <div class="row">
          <Field label="Business day (UTC)" type="date" value={date} onValue={setDate} required />
          <RowButton disabled={action.busy || !date}>{action.busy ? 'Running…' : 'Run payouts'}</RowButton>
        </div>
        <ErrorBox error={action.error} messages={MESSAGES} />
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
  const { busy, error, setError, run } = useAction();
  const upload = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const f = file.current?.files?.[0];
    const data: Blob | string = f ?? text;
    if (!f && !text.trim()) return setError(new Error('Choose a file, or paste the statement.'));
    const head = f ? await f.slice(0, 200).text() : text.slice(0, 200);
    const xml = (f && /\.xml$/i.test(f.name)) || head.trimStart().startsWith('<');
    await run(async () =>
      setResult(
        await ctx.guard(
          api<StatementImport>('/v1/finance/bank-statements', {
            token: ctx.key,
            raw: { data, contentType: xml ? 'application/xml' : 'text/csv' },
          }),
        ),
      ),
    );
  };
  return (
    <div>
      <h1>Bank statements</h1>
      <form class="card" onSubmit={upload}>
        <p class="muted small">
          Upload the partner bank's statement (CSV, or ISO 20022 camt.053 XML): each line is matched to a top-up or a
          payout.
        </p>
        <div class="field">
          <label for="stmt-file">Statement file</label>
          <input id="stmt-file" ref={file} type="file" accept=".csv,.xml,text/csv,application/xml,text/xml" />
        </div>
        <details>
          <summary>…or paste it</summary>
          <div class="field">
            <label for="stmt-text">Statement text</label>
            <textarea
              id="stmt-text"
              value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              spellcheck={false}
            />
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
            {result.lines} lines: <span class="badge badge-ok">{result.matched} matched</span>{' '}
            <span class={`badge ${result.unmatched.length ? 'badge-bad' : 'badge-ok'}`}>
              {result.unmatched.length} unmatched
            </span>
          </p>
          {result.unmatched.length > 0 && (
            <DataTable
              caption="Unmatched lines"
              cols={['Line', 'Date', 'Reference', num('Amount'), 'Why']}
              rows={result.unmatched}
              row={(u) => (
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
              )}
            />
          )}
          {result.matchedLines && result.matchedLines.length > 0 && (
            <DataTable
              caption="Matched lines"
              cols={['Line', 'Matched to', 'Reference', num('Amount')]}
              rows={result.matchedLines}
              row={(m) => (
                <tr key={m.line}>
                  <td>{m.line}</td>
                  <td>{m.kind.replace('_', ' ')}</td>
                  <td class="mono small">{m.reference ?? '—'}</td>
                  <MoneyCell amount={m.amount} currency={m.currency} />
                </tr>
              )}
            />
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

const show = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function ObjTable(props: { rows: Obj[]; caption: string; bad?: boolean; testid?: string }): JSX.Element {
  const cols = [...new Set(props.rows.flatMap((r) => Object.keys(r)))];
  return (
    <DataTable
      testid={props.testid}
      caption={props.caption}
      cols={cols}
      rows={props.rows}
      row={(r, i) => (
        <tr key={i} class={props.bad ? 'bad' : ''}>
          {cols.map((c) => (
            <td key={c} class={/amount|expected|actual/i.test(c) ? 'num' : ''}>
              {show(r[c])}
            </td>
          ))}
        </tr>
      )}
    />
  );
}

function Reconciliation(ctx: Ctx): JSX.Element {
  useScreen('Reconciliation', APP);
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const rec = useLoad(
    () =>
      date
        ? ctx.guard(api<Recon>('/v1/finance/reconciliation', { token: ctx.key, query: { date, currency } }))
        : Promise.resolve(undefined),
    [date, currency],
  );
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
          <section
            class={`card recon-summary ${r.reconciled === false || !diffZero ? 'is-bad' : ''}`}
            data-testid="reconciliation"
          >
            <h2>
              {r.date}:{' '}
              {(r.reconciled ?? (r.ledgerBalanced && r.paymentsMatchLedger && diffZero && r.mismatches.length === 0))
                ? 'reconciled'
                : 'needs attention'}
            </h2>
            <ul class="checks">
              <li>
                Ledger balanced <YesNo ok={r.ledgerBalanced} />
              </li>
              <li>
                Payments match the ledger <YesNo ok={r.paymentsMatchLedger} />
              </li>
              <li>
                Bank lines matched that day <strong>{r.bankMatched}</strong>, unmatched{' '}
                <strong class={r.bankUnmatched.length ? 'danger-text' : ''}>{r.bankUnmatched.length}</strong>
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
              <ObjTable
                rows={r.payoutsAwaitingBank}
                caption={`Payouts awaiting the bank (${r.payoutsAwaitingBank.length})`}
              />
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
  const { busy, error, setError, run } = useAction();
  // resubmitting the same top-up (e.g. after a lost answer) replays it instead of crediting twice
  const attempt = useIdempotencyKey();
  return (
    <div>
      <h1>Top-ups</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (!isAmount(amount, minorDigits(currency))) return setError(new Error('Enter an amount such as 100.00.'));
          const body = {
            consumerId: consumerId.trim(),
            amount: normalizeAmount(amount, currency),
            currency,
            bankReference: bankReference.trim(),
          };
          const idempotencyKey = attempt.keyFor(body);
          await run(async () => {
            const t = await ctx.guard(api<Topup>('/v1/topups', { token: ctx.key, body, idempotencyKey }));
            setDone((d) => [t, ...d.filter((x) => x.id !== t.id)]);
            setAmount('');
            setBankReference('');
          });
        }}
      >
        <p class="muted small">
          Credit money received at the partner bank to a consumer's wallet. The bank reference ties the top-up to its
          line on the bank statement.
        </p>
        <Field
          label="Consumer wallet ID"
          value={consumerId}
          onValue={setConsumerId}
          required
          spellcheck={false}
          autoComplete="off"
          name="consumer-id"
        />
        <div class="row">
          <Field label="Amount" value={amount} onValue={setAmount} inputMode="decimal" required name="topup-amount" />
          <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
        </div>
        <Field
          label="Bank reference"
          hint="The reference of the incoming transfer on the bank statement"
          value={bankReference}
          onValue={setBankReference}
          required
          name="bank-reference"
        />
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
                <strong>{formatMoney(t.amount, t.currency)}</strong> to <span class="mono">{t.consumerId}</span> · bank
                ref {t.bankReference} · {formatTime(t.createdAt)}
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
  const [result, setResult] = useState<{
    consumer: { id: string; name: string; phone: string; createdAt?: string };
    wallets: Array<{ currency: string; balance: string }>;
  } | null>(null);
  const { error, run } = useAction();
  return (
    <div>
      <h1>Consumer look-up</h1>
      <Alert kind="info">
        Every look-up is logged with its purpose, and the consumer sees it in their wallet. Look up a person only when a
        task needs it.
      </Alert>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(null);
          void run(async () =>
            setResult(
              await ctx.guard(
                api('/v1/finance/consumers/' + encodeURIComponent(id.trim()), {
                  token: ctx.key,
                  query: { purpose: purpose.trim() },
                }),
              ),
            ),
          );
        }}
      >
        <Field label="Consumer wallet ID" value={id} onValue={setId} required spellcheck={false} name="lookup-id" />
        <Field
          label="Purpose"
          hint="Why you need it, e.g. support ticket 1234: disputed payment"
          value={purpose}
          onValue={setPurpose}
          required
          minLength={5}
          maxLength={200}
          name="purpose"
        />
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
