import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { useAction } from '../../shared/use-action';
import { SLOT, withElement } from '../components/with-element';
import { refusals, transferRefusals } from '../refusals';
import type { Transfer } from '../types';

const CURRENCY = 'CNY';
const NO_PIN_LIMIT = '1000';
/** Where a transfer stands, in the language shown. */
function statusOf(status: string): string {
  const names: Record<string, string> = {
    completed: t('app:send.status.completed'),
    pending: t('app:send.status.pending'),
    returned: t('app:send.status.returned'),
  };
  return names[status] ?? status;
}

/** What one transfer says to this phone: to or from whom (masked), how much, where it stands. */
function TransferLine({ tr }: { tr: Transfer }): JSX.Element {
  const sent = tr.direction === 'sent';
  const name = sent ? tr.to.displayName : tr.from.displayName;
  const who = name ? <span translate={false}>{name}</span> : <span>{t('app:send.unknownPhone')}</span>;
  return (
    <li class="tx" data-testid={`transfer-${tr.status}`}>
      <div>
        <p class="tx-title">
          {withElement(sent ? t('app:send.to', { name: SLOT }) : t('app:send.from', { name: SLOT }), who)}
          {tr.note && (
            <>
              {' · '}
              <span translate={false}>{tr.note}</span>
            </>
          )}
        </p>
        <p class="muted small">
          {statusOf(tr.status)} · {formatTime(tr.createdAt)}
          {tr.status === 'pending' && tr.expiresAt
            ? ` · ${t('app:send.comesBack', { time: formatTime(tr.expiresAt) })}`
            : ''}
        </p>
      </div>
      <p class={`amount ${sent ? 'neg' : 'pos'}`} translate={false}>
        {formatMoney(sent ? `-${tr.amount}` : tr.amount, tr.currency, { sign: true })}
      </p>
    </li>
  );
}

/** Send money to a phone, and the transfers sent and received (pending, arrived, came back). */
export function SendScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:send.title'), t('app:title'));
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
    if (!/^\+[1-9]\d{6,14}$/.test(phone.trim())) return setError(new Error(t('app:send.badPhone')));
    if (!typed) return setError(new Error(t('app:send.noAmount')));
    if (needsPin && !/^\d{6}$/.test(pin)) return setError(new Error(t('app:pin.enter')));
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
        const tr = await guard(
          unwrap(
            api.POST('/v1/transfers', { headers: bearer(token), params: { header: { 'Idempotency-Key': key } }, body }),
          ),
        );
        setDone(tr);
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
      <h1>{t('app:send.title')}</h1>
      {done && (
        <Alert kind="ok" testid="transfer-result">
          {done.status === 'completed'
            ? t('app:send.sent', { amount: formatMoney(done.amount, done.currency), name: done.to.displayName })
            : t('app:send.waiting', { amount: formatMoney(done.amount, done.currency) })}
        </Alert>
      )}
      <form class="card" onSubmit={send} noValidate>
        <Field
          label={t('app:send.phone')}
          hint={t('app:send.phoneHint')}
          value={phone}
          onValue={setPhone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          name="toPhone"
          required
        />
        <Field
          label={t('app:send.amount', { currency: CURRENCY })}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          name="amount"
          required
        />
        <Field
          label={t('app:send.note')}
          hint={t('app:send.noteHint')}
          value={note}
          onValue={setNote}
          maxLength={140}
          name="note"
        />
        {needsPin && (
          <Field
            label={t('app:pin.label')}
            hint={t('app:send.pinHint', { limit: formatMoney(NO_PIN_LIMIT, CURRENCY) })}
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
        <p class="muted small">{t('app:send.masked')}</p>
        <ErrorBox error={error} messages={transferRefusals()} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy
            ? t('app:send.sending')
            : typed
              ? t('app:send.sendAmount', { amount: formatMoney(typed, CURRENCY) })
              : t('app:send.send')}
        </button>
      </form>
      <section aria-labelledby="transfers-h">
        <h2 id="transfers-h">{t('app:send.transfers')}</h2>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={refusals()} />
        {list.data && list.data.data.length === 0 && <p class="card muted">{t('app:send.none')}</p>}
        {list.data && list.data.data.length > 0 && (
          <ul class="tx-list card" data-testid="transfers">
            {list.data.data.map((tr) => (
              <TransferLine tr={tr} key={tr.id} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
