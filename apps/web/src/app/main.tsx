import { type JSX, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type Page } from '../shared/api';
import { formatTime } from '../shared/dates';
import { useIdempotencyKey } from '../shared/idempotency-key';
import { COMMON_MESSAGES } from '../shared/messages';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../shared/money';
import { type Guard, sessionGuard } from '../shared/session-guard';
import { SiteHeader } from '../shared/site-header';
import { Alert, Copy, ErrorBox, Field, Link, Spinner, navigate, useLoad, useRoute, useScreen } from '../shared/ui';
import { useAction } from '../shared/use-action';
import '../shared/style.css';
import './app.css';
import { decodeFile, decodeVideo, decoderName } from './scanner';

const APP = 'Saoma wallet';
const BASE = '/app';
const SESSION_KEY = 'saoma.wallet.session';

/** What each refusal of the API means to the person holding the phone. */
export const REFUSALS: Record<string, string> = {
  ...COMMON_MESSAGES,
  insufficient_funds:
    'Not enough money in your wallet for this payment. Nothing was paid. Top up your wallet and try again.',
  order_not_payable:
    'This order can no longer be paid: it has already been paid, has expired or was cancelled. Ask the cashier for a new code.',
  code_disabled: 'The merchant has switched this code off. Ask the cashier for another code.',
  code_not_found: 'This is not a Saoma payment code, or the code is unknown. Nothing was paid.',
  invalid_qr: 'This is not a payment code: it could not be read as one. Nothing was paid.',
  pin_required: 'This amount is above the limit for paying without a PIN: enter your 6-digit PIN.',
  invalid_credentials: 'Wrong phone number or PIN.',
  too_many_attempts: 'Too many wrong PINs: the account is locked for 15 minutes. Try again later.',
  amount_mismatch: 'The amount is not the one in the code. Scan the code again.',
  amount_required: 'Enter the amount to pay.',
  invalid_token: 'This scan has expired. Scan the code again.',
  token_already_used: 'This scan has already been paid. Scan the code again for a new payment.',
  phone_taken: 'This phone number already has an account: sign in instead.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
};
const PAY_REFUSALS = { ...REFUSALS, invalid_credentials: 'Wrong PIN. Nothing was paid. Try again.' };

interface Session {
  token: string;
  expiresAt?: string;
}
interface Me {
  id: string;
  name: string;
  phone: string;
}
interface Wallet {
  currency: string;
  balance: string;
}
interface Tx {
  id: string;
  type: 'topup' | 'payment' | 'refund' | 'withdrawal';
  amount: string;
  currency: string;
  merchant?: string | { id: string; name: string };
  paymentId?: string;
  createdAt: string;
}
interface ScanResult {
  token: string;
  merchant: { id: string; name: string; city?: string };
  codeId: string;
  orderId?: string;
  orderReference?: string;
  amount?: string;
  currency: string;
  expiresAt: string;
  discount?: string;
  noPinLimit?: string;
}
interface Payment {
  id: string;
  status: string;
  amount: string;
  discount: string;
  charged: string;
  currency: string;
  merchant: { id: string; name: string };
  codeId: string;
  orderId?: string;
  createdAt: string;
  receipt: string;
}

function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!s?.token) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) < Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

function App(): JSX.Element {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [payment, setPayment] = useState<Payment | null>(null);
  const route = useRoute(BASE);

  const signIn = (s: Session) => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    setSession(s);
    setNotice(null);
    navigate(`${BASE}/`, true);
  };
  const signOut = (why?: string) => {
    localStorage.removeItem(SESSION_KEY);
    setSession(null);
    setScan(null);
    setPayment(null);
    setNotice(why ?? null);
    navigate(`${BASE}/`, true);
  };
  // a session the service no longer accepts ends here (a wrong PIN is no such answer)
  const guard = sessionGuard(
    () => signOut('Your session has ended: sign in again.'),
    (e) => e.code === 'invalid_credentials',
  );

  if (!session)
    return (
      <Shell>
        <AuthScreen onSignedIn={signIn} notice={notice} />
      </Shell>
    );
  const token = session.token;
  let screen: JSX.Element;
  if (route === 'scan')
    screen = (
      <ScanScreen
        token={token}
        guard={guard}
        onScanned={(s) => {
          setScan(s);
          navigate(`${BASE}/pay`);
        }}
      />
    );
  else if (route === 'pay' && scan)
    screen = (
      <PayScreen
        scan={scan}
        token={token}
        guard={guard}
        onPaid={(p) => {
          setPayment(p);
          setScan(null);
          navigate(`${BASE}/receipt/${p.id}`, true);
        }}
      />
    );
  else if (route.startsWith('receipt/'))
    screen = <ReceiptScreen id={route.slice(8)} token={token} guard={guard} known={payment} />;
  else if (route === 'statement') screen = <StatementScreen token={token} guard={guard} />;
  else if (route === 'account') screen = <AccountScreen token={token} guard={guard} onSignOut={() => signOut()} />;
  else screen = <HomeScreen token={token} guard={guard} />;
  return <Shell nav={route}>{screen}</Shell>;
}

/** Line icons drawn inline (no icon font: every glyph shows on every system). */
const ICONS = {
  home: 'M4 11.5 12 4l8 7.5M6.5 9.5V20h11V9.5M10 20v-5.5h4V20',
  scan: 'M4 9V5.5A1.5 1.5 0 0 1 5.5 4H9M15 4h3.5A1.5 1.5 0 0 1 20 5.5V9M20 15v3.5a1.5 1.5 0 0 1-1.5 1.5H15M9 20H5.5A1.5 1.5 0 0 1 4 18.5V15M4 12h16',
  statement: 'M7 4h10a1 1 0 0 1 1 1v15l-2.5-1.5L13 20l-2.5-1.5L8 20l-2-1.5V5a1 1 0 0 1 1-1zM9 8.5h6M9 12h6M9 15.5h4',
  account: 'M12 12a3.75 3.75 0 1 0 0-7.5 3.75 3.75 0 0 0 0 7.5zM4.5 20c.8-3.6 3.8-5.5 7.5-5.5s6.7 1.9 7.5 5.5',
} as const;

function Icon(props: { name: keyof typeof ICONS }): JSX.Element {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path
        d={ICONS[props.name]}
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

function Shell(props: { nav?: string; children: JSX.Element }): JSX.Element {
  const tab = props.nav === undefined ? null : props.nav === '' ? 'home' : props.nav.split('/')[0];
  const item = (to: string, key: keyof typeof ICONS, label: string) => (
    <Link to={to} class={`tab tab-${key}`} aria-current={tab === key ? 'page' : undefined}>
      <Icon name={key} />
      {label}
    </Link>
  );
  return (
    <>
      <SiteHeader base={BASE} innerClass="narrow" />
      <main id="main" class="narrow wallet-main">
        {props.children}
      </main>
      {tab !== null && (
        <nav class="bottom-nav" aria-label="Wallet">
          {item(`${BASE}/`, 'home', 'Home')}
          {item(`${BASE}/scan`, 'scan', 'Scan')}
          {item(`${BASE}/statement`, 'statement', 'Statement')}
          {item(`${BASE}/account`, 'account', 'Account')}
        </nav>
      )}
    </>
  );
}

/* ------------------------------------------------------------------ sign in / register */

function AuthScreen(props: { onSignedIn: (s: Session) => void; notice: string | null }): JSX.Element {
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
        const r = await api<{ token: string }>('/v1/consumers', {
          body: { name: name.trim(), phone: phone.trim(), pin },
        });
        props.onSignedIn({ token: r.token });
      } else {
        const r = await api<{ token: string; expiresAt: string }>('/v1/consumers/sessions', {
          body: { phone: phone.trim(), pin },
        });
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
      {props.notice && <Alert kind="info">{props.notice}</Alert>}
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

/* ------------------------------------------------------------------ home */

function HomeScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen('Home', APP);
  const me = useLoad(() => guard(api<Me>('/v1/me', { token })), [token]);
  const wallets = useLoad(() => guard(api<{ data: Wallet[] }>('/v1/me/wallets', { token })), [token]);
  return (
    <div>
      <h1>{me.data ? `Hello, ${me.data.name}` : 'Your wallet'}</h1>
      <section aria-labelledby="wallets-h">
        <h2 id="wallets-h" class="visually-hidden">
          Balances
        </h2>
        {wallets.loading && <Spinner label="Loading balances…" />}
        <ErrorBox error={wallets.error} messages={REFUSALS} />
        {wallets.data && wallets.data.data.length === 0 && (
          <div class="card">
            <p>Your wallet is empty.</p>
            <p class="muted small">
              Money arrives by a bank top-up: give your wallet ID (under Account) as the transfer reference.
            </p>
          </div>
        )}
        {wallets.data?.data.map((w) => (
          <div class="card balance-card" key={w.currency} data-testid={`balance-${w.currency}`}>
            <p class="muted small">Balance · {w.currency}</p>
            <p class="amount amount-huge">{formatMoney(w.balance, w.currency)}</p>
          </div>
        ))}
      </section>
      <Link to={`${BASE}/scan`} class="btn btn-block btn-big scan-cta">
        <Icon name="scan" /> Scan to pay
      </Link>
      <RecentActivity token={token} guard={guard} />
    </div>
  );
}

function RecentActivity(props: { token: string; guard: Guard }): JSX.Element | null {
  const recent = useLoad(
    () => props.guard(api<Page<Tx>>('/v1/me/transactions', { token: props.token, query: { limit: 3 } })),
    [props.token],
  );
  if (!recent.data?.data.length) return null;
  return (
    <section class="card" aria-labelledby="recent-h">
      <h2 id="recent-h">Recent activity</h2>
      <ul class="tx-list">
        {recent.data.data.map((t) => (
          <TxLine tx={t} key={t.id} />
        ))}
      </ul>
      <Link to={`${BASE}/statement`}>See the whole statement</Link>
    </section>
  );
}

const TX_LABEL: Record<Tx['type'], string> = {
  topup: 'Top-up',
  payment: 'Payment',
  refund: 'Refund',
  withdrawal: 'Withdrawal',
};
const merchantName = (m: Tx['merchant']): string | undefined => (typeof m === 'string' ? m : m?.name);

function TxLine({ tx }: { tx: Tx }): JSX.Element {
  const who = merchantName(tx.merchant);
  const out = tx.amount.startsWith('-');
  return (
    <li class="tx">
      <div>
        <p class="tx-title">
          {TX_LABEL[tx.type] ?? tx.type}
          {who ? ` · ${who}` : ''}
        </p>
        <p class="muted small">{formatTime(tx.createdAt)}</p>
      </div>
      <p class={`amount ${out ? 'neg' : 'pos'}`}>{formatMoney(tx.amount, tx.currency, { sign: true })}</p>
    </li>
  );
}

/* ------------------------------------------------------------------ scan */

function ScanScreen(props: { token: string; guard: Guard; onScanned: (s: ScanResult) => void }): JSX.Element {
  const { token, guard } = props;
  useScreen('Scan a code', APP);
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<'starting' | 'on' | 'off' | 'denied' | 'none'>('starting');
  const [paused, setPaused] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [decoder, setDecoder] = useState('');
  const [text, setText] = useState('');
  const pausedRef = useRef(false);
  pausedRef.current = paused || busy;

  const submit = async (payload: string) => {
    setBusy(true);
    setError(null);
    try {
      const s = await guard(api<ScanResult>('/v1/scan', { token, body: { payload: payload.trim() } }));
      props.onScanned(s);
    } catch (e) {
      setError(e);
      setPaused(true); // the camera waits for "Scan again", so one bad code is not sent over and over
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void decoderName().then(setDecoder);
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setCamera('none');
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
          audio: false,
        });
      } catch (e) {
        return setCamera((e as Error).name === 'NotAllowedError' ? 'denied' : 'none');
      }
      if (stopped || !video.current) return stream.getTracks().forEach((t) => t.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      setCamera('on');
      const tick = async () => {
        if (stopped) return;
        if (!pausedRef.current && video.current) {
          const found = await decodeVideo(video.current).catch(() => null);
          if (found && !stopped && !pausedRef.current) {
            pausedRef.current = true;
            await submit(found);
          }
        }
        if (!stopped) timer = window.setTimeout(tick, 200);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const onFile = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const found = await decodeFile(file);
      if (!found) {
        setError(new Error('No QR code was found in this picture. Try a sharper one, with the whole code in it.'));
        return;
      }
      await submit(found);
    } catch {
      setError(new Error('This file could not be read as a picture.'));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <div>
      <h1>Scan a code</h1>
      <div class={`viewfinder ${camera === 'on' ? 'live' : ''}`}>
        <video ref={video} muted playsInline autoplay aria-label="Camera view" data-testid="camera" />
        {camera === 'on' && <div class="frame" aria-hidden="true" />}
        {camera === 'starting' && <p class="vf-msg">Starting the camera…</p>}
        {camera === 'denied' && (
          <p class="vf-msg">
            The camera is blocked. Allow it in the browser's settings, or choose a picture of the code below.
          </p>
        )}
        {camera === 'none' && <p class="vf-msg">No camera is available. Choose a picture of the code below.</p>}
      </div>
      <p class="muted small" aria-live="polite">
        {busy ? 'Checking the code…' : camera === 'on' && !paused ? 'Point the camera at the code.' : ''}
        {decoder && <span class="decoder"> Decoder: {decoder}</span>}
      </p>
      <ErrorBox error={error} messages={REFUSALS} />
      {paused && (
        <button
          class="btn btn-block scan-again"
          type="button"
          onClick={() => {
            setError(null);
            setPaused(false);
          }}
        >
          Scan again
        </button>
      )}
      <div class="card">
        <div class="field">
          <label for="pick">Or choose a picture of a code</label>
          <input id="pick" type="file" accept="image/*" onChange={onFile} disabled={busy} data-testid="pick-image" />
        </div>
        <details>
          <summary>Type or paste the code's text</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void submit(text);
            }}
          >
            <div class="field">
              <label for="payload">Code text</label>
              <textarea
                id="payload"
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                spellcheck={false}
              />
            </div>
            <button class="btn" type="submit" disabled={busy || !text.trim()}>
              Continue
            </button>
          </form>
        </details>
      </div>
    </div>
  );
}

/* ------------------------------------------------------------------ confirm and pay */

function PayScreen(props: {
  scan: ScanResult;
  token: string;
  guard: Guard;
  onPaid: (p: Payment) => void;
}): JSX.Element {
  const { scan, token, guard } = props;
  useScreen(`Pay ${scan.merchant.name}`, APP);
  const digits = minorDigits(scan.currency);
  const [amount, setAmount] = useState('');
  const [pin, setPin] = useState('');
  const [askPin, setAskPin] = useState(false);
  const { busy, error, setError, run } = useAction();
  // the same attempt again (no answer came) keeps its key, so it cannot pay twice
  const attempt = useIdempotencyKey();
  const limit = scan.noPinLimit ?? '1000';
  const typed = isAmount(amount, digits) ? normalizeAmount(amount, scan.currency) : null;
  const due = scan.amount ?? typed;
  const needsPin = askPin || (due !== null && greaterThan(due, limit));
  const expired = Date.parse(scan.expiresAt) < Date.now();

  const pay = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!scan.amount && !typed) return setError(new Error(`Enter the amount to pay, such as 12.30.`));
    if (needsPin && !/^\d{6}$/.test(pin)) return setError(new Error('Enter your 6-digit PIN.'));
    const body: Record<string, string> = { token: scan.token };
    if (!scan.amount && typed) body.amount = typed;
    if (needsPin) body.pin = pin;
    const idempotencyKey = attempt.keyFor(body);
    await run(async () => {
      try {
        props.onPaid(await guard(api<Payment>('/v1/payments', { token, body, idempotencyKey })));
      } catch (err) {
        if (err instanceof ApiError && err.status !== 0) attempt.forget();
        if (err instanceof ApiError && err.code === 'pin_required') setAskPin(true);
        if (err instanceof ApiError && err.code === 'invalid_credentials') setPin('');
        throw err;
      }
    });
  };

  return (
    <div>
      <h1 class="visually-hidden">Confirm the payment</h1>
      <section class="card merchant-card" aria-label="Merchant">
        <p class="verified" data-testid="verified">
          <span aria-hidden="true" class="tick">
            ✓
          </span>{' '}
          Verified merchant
        </p>
        <h2 class="merchant-name" data-testid="merchant-name">
          {scan.merchant.name}
        </h2>
        {scan.merchant.city && <p class="muted">{scan.merchant.city}</p>}
        <p class="muted small">The name comes from Saoma's server, not from the printed code.</p>
        {scan.orderReference && <p class="small">Order {scan.orderReference}</p>}
      </section>
      <form class="card" onSubmit={pay} noValidate>
        {scan.amount ? (
          <div class="due">
            <p class="muted small">Amount</p>
            <p class="amount amount-huge" data-testid="amount">
              {formatMoney(scan.amount, scan.currency)}
            </p>
            {scan.discount && greaterThan(scan.discount, '0') && (
              <p class="discount" data-testid="discount">
                Discount −{formatMoney(scan.discount, scan.currency)}
              </p>
            )}
          </div>
        ) : (
          <Field
            label={`Amount to pay (${scan.currency})`}
            hint="Type the amount the cashier tells you."
            value={amount}
            onValue={setAmount}
            inputMode="decimal"
            autoComplete="off"
            name="amount"
            required
          />
        )}
        {needsPin && (
          <Field
            label="PIN (6 digits)"
            hint={`Payments above ${formatMoney(limit, scan.currency)} need your PIN.`}
            value={pin}
            onValue={setPin}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            name="pin"
            required
          />
        )}
        {expired && <Alert kind="info">This scan has expired: scan the code again.</Alert>}
        <ErrorBox error={error} messages={PAY_REFUSALS} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy || expired}>
          {busy ? 'Paying…' : due ? `Pay ${formatMoney(due, scan.currency)}` : 'Pay'}
        </button>
        <Link to={`${BASE}/`} class="btn btn-block btn-ghost cancel">
          Cancel
        </Link>
      </form>
    </div>
  );
}

/* ------------------------------------------------------------------ receipt */

function ReceiptScreen(props: { id: string; token: string; guard: Guard; known: Payment | null }): JSX.Element {
  useScreen('Receipt', APP);
  const loaded = useLoad(
    () =>
      props.known?.id === props.id
        ? Promise.resolve(props.known)
        : props.guard(api<Payment>(`/v1/payments/${encodeURIComponent(props.id)}`, { token: props.token })),
    [props.id],
  );
  const p = loaded.data;
  if (loaded.loading) return <Spinner label="Loading the receipt…" />;
  if (!p) return <ErrorBox error={loaded.error} />;
  const discounted = greaterThan(p.discount, '0');
  return (
    <div class="receipt" data-testid="receipt">
      <div class="paid-banner">
        <span class="paid-tick" aria-hidden="true">
          ✓
        </span>
        <h1>Paid</h1>
      </div>
      <section class="card center">
        <p class="amount amount-huge" data-testid="receipt-amount">
          {formatMoney(p.charged, p.currency)}
        </p>
        <p class="merchant-name">{p.merchant.name}</p>
        <dl class="facts">
          {discounted && (
            <>
              <dt>Price</dt>
              <dd>{formatMoney(p.amount, p.currency)}</dd>
              <dt>Discount</dt>
              <dd>−{formatMoney(p.discount, p.currency)}</dd>
            </>
          )}
          <dt>Time</dt>
          <dd>{formatTime(p.createdAt)}</dd>
          <dt>Receipt</dt>
          <dd class="mono" data-testid="receipt-id">
            {p.id}
          </dd>
        </dl>
        <p class="muted small">
          Show this screen at the till. The receipt is signed by Saoma and can be checked offline.
        </p>
      </section>
      <Link to={`${BASE}/`} class="btn btn-block btn-big">
        Done
      </Link>
    </div>
  );
}

/* ------------------------------------------------------------------ statement (infinite scroll) */

function StatementScreen(props: { token: string; guard: Guard }): JSX.Element {
  useScreen('Statement', APP);
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
        api<Page<Tx>>('/v1/me/transactions', { token: props.token, query: { limit: 20, cursor: cursor ?? undefined } }),
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
      <h1>Statement</h1>
      {lines.length === 0 && cursor === null && <p class="card">No movements yet.</p>}
      {lines.length > 0 && (
        <ul class="tx-list card" data-testid="statement">
          {lines.map((t) => (
            <TxLine tx={t} key={t.id} />
          ))}
        </ul>
      )}
      <ErrorBox error={error} messages={REFUSALS} />
      {busy && <Spinner />}
      <div ref={sentinel} aria-hidden="true" />
      {cursor && !busy && (
        <button class="btn btn-ghost btn-block" type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
      {cursor === null && lines.length > 0 && <p class="muted small center">That is all.</p>}
    </div>
  );
}

/* ------------------------------------------------------------------ account */

function AccountScreen(props: { token: string; guard: Guard; onSignOut: () => void }): JSX.Element {
  useScreen('Account', APP);
  const me = useLoad(() => props.guard(api<Me>('/v1/me', { token: props.token })), [props.token]);
  const log = useLoad(
    () =>
      props.guard(
        api<{ data: Array<{ operator: { id: string; role: string }; purpose: string; at: string }> }>(
          '/v1/me/access-log',
          { token: props.token },
        ),
      ),
    [props.token],
  );
  return (
    <div>
      <h1>Account</h1>
      {me.loading && <Spinner />}
      <ErrorBox error={me.error} />
      {me.data && (
        <section class="card">
          <dl class="facts">
            <dt>Name</dt>
            <dd>{me.data.name}</dd>
            <dt>Phone</dt>
            <dd>{me.data.phone}</dd>
            <dt>Wallet ID</dt>
            <dd>
              <span class="mono" data-testid="wallet-id">
                {me.data.id}
              </span>{' '}
              <Copy text={me.data.id} label="Copy" />
            </dd>
          </dl>
          <p class="muted small">Give the wallet ID as the reference of a bank transfer to top up.</p>
        </section>
      )}
      <section class="card" aria-labelledby="access-h">
        <h2 id="access-h">Who looked at my data</h2>
        <p class="muted small">
          Saoma staff read personal data only with a stated purpose, and every read is listed here.
        </p>
        {log.data && log.data.data.length === 0 && <p>Nobody has.</p>}
        {log.data && log.data.data.length > 0 && (
          <ul class="plain-list">
            {log.data.data.map((a, i) => (
              <li key={i}>
                <strong>{a.operator.role}</strong> · {formatTime(a.at)} — “{a.purpose}”
              </li>
            ))}
          </ul>
        )}
      </section>
      <button class="btn btn-block btn-ghost" type="button" onClick={props.onSignOut}>
        Sign out
      </button>
    </div>
  );
}

render(<App />, document.getElementById('root')!);

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);
  });
}
