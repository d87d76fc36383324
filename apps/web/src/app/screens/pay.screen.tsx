import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatDay } from '../../shared/dates';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, ErrorBox, Field, Link, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { SLOT, withElement } from '../components/with-element';
import { BASE } from '../config';
import { payRefusals } from '../refusals';
import type { PayRequest, Payment, ScanResult } from '../types';

/** Confirm and pay: the merchant the server vouches for, the amount, and the PIN when one is needed. */
export function PayScreen(props: {
  scan: ScanResult;
  token: string;
  guard: Guard;
  onPaid: (p: Payment) => void;
}): JSX.Element {
  const { scan, token, guard } = props;
  useScreen(t('app:pay.title', { merchant: scan.merchant.name }), t('app:title'));
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
    if (!scan.amount && !typed) return setError(new Error(t('app:pay.noAmount')));
    if (needsPin && !/^\d{6}$/.test(pin)) return setError(new Error(t('app:pin.enter')));
    const body: PayRequest = { token: scan.token };
    if (!scan.amount && typed) body.amount = typed;
    if (needsPin) body.pin = pin;
    const idempotencyKey = attempt.keyFor(body);
    await run(async () => {
      try {
        props.onPaid(
          await guard(
            unwrap(
              api.POST('/v1/payments', {
                headers: bearer(token),
                params: { header: { 'Idempotency-Key': idempotencyKey } },
                body,
              }),
            ),
          ),
        );
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
      <h1 class="visually-hidden">{t('app:pay.heading')}</h1>
      <section class="card merchant-card" aria-label={t('app:pay.merchant')}>
        <p class="verified" data-testid="verified">
          <span aria-hidden="true" class="tick">
            ✓
          </span>{' '}
          {t('app:pay.verified')}
        </p>
        <h2 class="merchant-name" data-testid="merchant-name" translate={false}>
          {scan.merchant.name}
        </h2>
        {scan.merchant.city && (
          <p class="muted" translate={false}>
            {scan.merchant.city}
          </p>
        )}
        <p class="muted small">{t('app:pay.nameFromServer')}</p>
        {scan.orderReference && !scan.bill && (
          <p class="small">
            {withElement(t('app:pay.order', { reference: SLOT }), <span translate={false}>{scan.orderReference}</span>)}
          </p>
        )}
      </section>
      {scan.bill && (
        <section class="card bill-card" aria-label={t('app:pay.bill')} data-testid="bill">
          <p class="muted small">
            {withElement(
              t('app:pay.billReference', { reference: SLOT }),
              <span translate={false}>{scan.bill.reference}</span>,
            )}
          </p>
          <p class="bill-description" translate={false}>
            {scan.bill.description}
          </p>
          <p class="small">
            {withElement(
              t('app:pay.due', { date: SLOT }),
              // the reader's own form of the day; the machine's (yyyy-mm-dd) in datetime
              <time dateTime={scan.bill.dueDate} data-testid="bill-due">
                {formatDay(scan.bill.dueDate)}
              </time>,
            )}
          </p>
        </section>
      )}
      <form class="card" onSubmit={pay} noValidate>
        {scan.amount ? (
          <div class="due">
            <p class="muted small">{t('app:pay.amount')}</p>
            <p class="amount amount-huge" data-testid="amount" translate={false}>
              {formatMoney(scan.amount, scan.currency)}
            </p>
            {scan.discount && greaterThan(scan.discount, '0') && (
              <p class="discount" data-testid="discount">
                {t('app:pay.discount', { amount: formatMoney(scan.discount, scan.currency) })}
              </p>
            )}
          </div>
        ) : (
          <Field
            label={t('app:pay.amountToPay', { currency: scan.currency })}
            hint={t('app:pay.amountHint')}
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
            label={t('app:pin.label')}
            hint={t('app:pay.pinHint', { limit: formatMoney(limit, scan.currency) })}
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
        {expired && <Alert kind="info">{t('app:pay.expired')}</Alert>}
        <ErrorBox error={error} messages={payRefusals()} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy || expired}>
          {busy
            ? t('app:pay.paying')
            : due
              ? t('app:pay.payAmount', { amount: formatMoney(due, scan.currency) })
              : t('app:pay.pay')}
        </button>
        <Link to={`${BASE}/`} class="btn btn-block btn-ghost cancel">
          {t('app:pay.cancel')}
        </Link>
      </form>
    </div>
  );
}
