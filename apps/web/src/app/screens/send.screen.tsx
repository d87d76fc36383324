import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { REFUSALS, TRANSFER_REFUSALS } from '../refusals';
import type { Transfer } from '../types';

const CURRENCY = 'CNY';
const NO_PIN_LIMIT = '1000';
const STATUS: Record<string, string> = {
  completed: 'Arrived',
  pending: 'Waiting for the phone',
  returned: 'Came back',
};

/** What one transfer says to this phone: to or from whom (masked), how much, where it stands. */
function TransferLine({ t }: { t: Transfer }): JSX.Element {
  const sent = t.direction === 'sent';
  const who = sent ? (t.to.displayName ?? 'a phone not yet on Saoma') : t.from.displayName;
  return (
    <li class="tx" data-testid={`transfer-${t.status}`}>
      <div>
        <p class="tx-title">
          {sent ? 'To' : 'From'} {who}
          {t.note ? ` · ${t.note}` : ''}
        </p>
        <p class="muted small">
          {STATUS[t.status] ?? t.status} · {formatTime(t.createdAt)}
          {t.status === 'pending' && t.expiresAt ? ` · comes back ${formatTime(t.expiresAt)} unless it registers` : ''}
        </p>
      </div>
      <p class={`amount ${sent ? 'neg' : 'pos'}`}>
        {formatMoney(sent ? `-${t.amount}` : t.amount, t.currency, { sign: true })}
      </p>
    </li>
  );
}

/** Send money to a phone, and the transfers sent and received (pending, arrived, came back). */
export function SendScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen('Send money', APP);
  const [phone, setPhone] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [pin, setPin] = useState('');
  const [askPin, setAskPin] = useState(false);
  const [done, setDone] = useState<Transfer | null>(null);
  const [version, setVersion] = useState(0);
  const { busy, error, setError, run } = useAction();
  const attempt = useIdempotencyKey();
  const list = useLoad(
    () => guard(unwrap(api.GET('/v1/transfers', { headers: bearer(token), params: { query: { limit: 20 } } }))),
    [token, version],
  );
  const typed = isAmount(amount, minorDigits(CURRENCY)) ? normalizeAmount(amount, CURRENCY) : null;
  const needsPin = askPin || (typed !== null && greaterThan(typed, NO_PIN_LIMIT));

  const send = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^\+[1-9]\d{6,14}$/.test(phone.trim()))
      return setError(new Error('Enter the phone number with its country code, such as +8613800138000.'));
    if (!typed) return setError(new Error('Enter the amount to send, such as 20.00.'));
    if (needsPin && !/^\d{6}$/.test(pin)) return setError(new Error('Enter your 6-digit PIN.'));
    const body = {
      toPhone: phone.trim(),
      amount: typed,
      currency: CURRENCY,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(needsPin ? { pin } : {}),
    };
    const key = attempt.keyFor(body);
    await run(async () => {
      try {
        const t = await guard(
          unwrap(
            api.POST('/v1/transfers', { headers: bearer(token), params: { header: { 'Idempotency-Key': key } }, body }),
          ),
        );
        setDone(t);
        setPhone('');
        setAmount('');
        setNote('');
        setPin('');
        setAskPin(false);
        attempt.forget();
        setVersion((v) => v + 1);
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
      <h1>Send money</h1>
      {done && (
        <Alert kind="ok" testid="transfer-result">
          {done.status === 'completed'
            ? `${formatMoney(done.amount, done.currency)} sent to ${done.to.displayName}.`
            : `${formatMoney(done.amount, done.currency)} is waiting for this phone: it arrives when the phone registers with Saoma within 7 days, else it comes back to you.`}
        </Alert>
      )}
      <form class="card" onSubmit={send} noValidate>
        <Field
          label="Their phone number"
          hint="With the country code, such as +86…"
          value={phone}
          onValue={setPhone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          name="toPhone"
          required
        />
        <Field
          label={`Amount (${CURRENCY})`}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          name="amount"
          required
        />
        <Field
          label="Note (optional)"
          hint="At most 140 characters; the recipient sees it."
          value={note}
          onValue={setNote}
          maxLength={140}
          name="note"
        />
        {needsPin && (
          <Field
            label="PIN (6 digits)"
            hint={`Transfers above ${formatMoney(NO_PIN_LIMIT, CURRENCY)} need your PIN.`}
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
        <p class="muted small">They will see your name as its first letter only; you will see theirs the same way.</p>
        <ErrorBox error={error} messages={TRANSFER_REFUSALS} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? 'Sending…' : typed ? `Send ${formatMoney(typed, CURRENCY)}` : 'Send'}
        </button>
      </form>
      <section aria-labelledby="transfers-h">
        <h2 id="transfers-h">Transfers</h2>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={REFUSALS} />
        {list.data && list.data.data.length === 0 && <p class="card muted">No transfers yet.</p>}
        {list.data && list.data.data.length > 0 && (
          <ul class="tx-list card" data-testid="transfers">
            {list.data.data.map((t) => (
              <TransferLine t={t} key={t.id} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
