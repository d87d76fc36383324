import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatCountdown } from '../../shared/dates';
import { useCountdown } from '../../shared/hooks/use-countdown';
import { useOrderPolling } from '../../shared/hooks/use-order-polling';
import { formatMoney, greaterThan } from '../../shared/money';
import { useScreen } from '../../shared/ui';
import { APP } from '../config';
import type { Charge, Ctx } from '../types';

/** The till's look for each state of a charge (the till's order styles: paid green, ended grey). */
const LOOK: Record<Charge['status'], string> = {
  succeeded: 'paid',
  awaiting_consumer: 'open',
  declined: 'cancelled',
  expired: 'expired',
};

/**
 * What became of a charge of the customer's code, full screen for the cashier:
 * paid (amount, what the customer's wallet paid, the payer's pseudonym), or
 * waiting for the customer's PIN with a count-down, followed by short polling
 * until it is paid, declined or expired.
 */
export function ChargeResult(props: { ctx: Ctx; initial: Charge; onDone: () => void }): JSX.Element {
  const { ctx } = props;
  const [charge, setCharge] = useState(props.initial);
  const left = useCountdown(charge.expiresAt ?? charge.createdAt);
  useScreen(charge.status === 'succeeded' ? 'Paid' : 'Charge', APP);
  useOrderPolling(
    charge,
    (id) =>
      ctx.guard(unwrap(api.GET('/v1/merchant/charges/{id}', { headers: bearer(ctx.key), params: { path: { id } } }))),
    setCharge,
    'awaiting_consumer',
  );
  const money = (m: string) => formatMoney(m, charge.currency);
  const next = (
    <button class="btn btn-big till-next" type="button" onClick={props.onDone} autoFocus>
      New sale
    </button>
  );

  return (
    <div
      class={`till-full status-${LOOK[charge.status]}`}
      data-testid="charge-result"
      data-charge-id={charge.id}
      data-status={charge.status}
    >
      {charge.status === 'succeeded' ? (
        <div class="till-paid" role="status" aria-live="assertive">
          <p class="paid-word">PAID</p>
          <p class="amount till-amount" data-testid="charge-amount">
            {money(charge.amount)}
          </p>
          {charge.discount && greaterThan(charge.discount, '0') && <p>Discount −{money(charge.discount)}</p>}
          {charge.charged && <p data-testid="charge-charged">Customer paid {money(charge.charged)}</p>}
          {charge.payer && (
            <p>
              Payer{' '}
              <span class="mono" data-testid="charge-payer">
                {charge.payer}
              </span>
            </p>
          )}
          {charge.reference && <p>Reference {charge.reference}</p>}
          {charge.paymentId && <p class="mono small">Payment {charge.paymentId}</p>}
          {next}
        </div>
      ) : (
        <div class="till-code" role="status" aria-live="polite">
          <h1 class="till-merchant">{ctx.merchant.name}</h1>
          <p class="amount till-amount" data-testid="charge-amount">
            {money(charge.amount)}
          </p>
          {charge.status === 'awaiting_consumer' ? (
            <>
              <p class="charge-word">Waiting for the customer</p>
              <p>The amount is above what the code pays by itself: the customer confirms it with the PIN in the app.</p>
              <p class="till-countdown" aria-live="off">
                {left > 0 ? (
                  <>
                    Time left <span data-testid="charge-countdown">{formatCountdown(left)}</span>
                  </>
                ) : (
                  'The time is up: checking…'
                )}
              </p>
            </>
          ) : (
            <p class="charge-word">
              {charge.status === 'declined'
                ? 'The customer declined. Nothing was charged.'
                : 'The customer did not confirm in time. Nothing was charged.'}
            </p>
          )}
          {charge.reference && <p class="till-ref">Reference {charge.reference}</p>}
          <div class="actions till-actions">
            {charge.status === 'awaiting_consumer' ? (
              <button class="btn btn-ghost" type="button" onClick={props.onDone} aria-describedby="stop-waiting-hint">
                Stop waiting
              </button>
            ) : (
              next
            )}
          </div>
          {charge.status === 'awaiting_consumer' && (
            <p class="muted small" id="stop-waiting-hint">
              The customer can still confirm until the time is up: the payment then shows under Payments.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
