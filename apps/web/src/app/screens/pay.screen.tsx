import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatMoney, greaterThan, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, ErrorBox, Field, Link, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP, BASE } from '../config';
import { PAY_REFUSALS } from '../refusals';
import type { PayRequest, Payment, ScanResult } from '../types';

/** Confirm and pay: the merchant the server vouches for, the amount, and the PIN when one is needed. */
export function PayScreen(props: {
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
        {scan.orderReference && !scan.bill && <p class="small">Order {scan.orderReference}</p>}
      </section>
      {scan.bill && (
        <section class="card bill-card" aria-label="Bill" data-testid="bill">
          <p class="muted small">Bill {scan.bill.reference}</p>
          <p class="bill-description">{scan.bill.description}</p>
          <p class="small">
            Due <span data-testid="bill-due">{scan.bill.dueDate}</span>
          </p>
        </section>
      )}
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
