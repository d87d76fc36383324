import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { EMPTY_JSON_BODY, api, bearer, unwrap } from '../../shared/api/client';
import { formatCountdown } from '../../shared/dates';
import { useCountdown } from '../../shared/hooks/use-countdown';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatMoney } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { t } from '../../shared/i18n';
import { ErrorBox, Field } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { chargeRefusals } from '../refusals';
import type { AwaitingCharge, Payment } from '../types';
import { SLOT, withElement } from './with-element';

/** How a waiting charge ended on this phone: confirmed (the payment), or declined (`paid` null). */
export interface ChargeOutcome {
  charge: AwaitingCharge;
  paid: Payment | null;
}

/**
 * A till charged this phone's code above the amount it may take without the PIN:
 * the merchant (the server's name for it), the amount, the time left, and the PIN
 * to confirm it, or Decline.
 */
export function AwaitingChargeCard(props: {
  charge: AwaitingCharge;
  token: string;
  guard: Guard;
  onDone: (outcome: ChargeOutcome) => void;
}): JSX.Element {
  const { charge, token, guard } = props;
  const id = useId();
  const left = useCountdown(charge.expiresAt);
  const [pin, setPin] = useState('');
  const { busy, error, setError, run } = useAction();
  // the same PIN sent again after a lost answer keeps its key: the service answers it once
  const attempt = useIdempotencyKey();
  const amount = formatMoney(charge.amount, charge.currency);
  const over = left === 0;

  const confirm = async (e: Event) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(pin)) return setError(new Error(t('app:pin.enter')));
    const key = attempt.keyFor({ charge: charge.id, pin });
    await run(async () => {
      try {
        const paid = await guard(
          unwrap(
            api.POST('/v1/me/charges/{id}/confirm', {
              headers: bearer(token),
              params: { path: { id: charge.id }, header: { 'Idempotency-Key': key } },
              body: { pin },
            }),
          ),
        );
        props.onDone({ charge, paid });
      } catch (err) {
        if (err instanceof ApiError && err.status !== 0) attempt.forget();
        if (err instanceof ApiError && err.code === 'invalid_credentials') setPin('');
        throw err;
      }
    });
  };
  const decline = () =>
    run(async () => {
      await guard(
        unwrap(
          api.POST('/v1/me/charges/{id}/decline', {
            headers: bearer(token),
            params: { path: { id: charge.id } },
            body: EMPTY_JSON_BODY,
          }),
        ),
      );
      props.onDone({ charge, paid: null });
    });

  return (
    <section
      class="card charge-card"
      aria-labelledby={`${id}-h`}
      data-testid="awaiting-charge"
      data-charge-id={charge.id}
    >
      <h2 id={`${id}-h`}>{t('app:charge.heading')}</h2>
      <p class="merchant-name" data-testid="charge-merchant" translate={false}>
        {charge.merchant.name}
      </p>
      <p class="amount amount-huge" data-testid="charge-amount" translate={false}>
        {amount}
      </p>
      <p class="muted small">
        {t('app:charge.why')}{' '}
        {over ? (
          <strong>{t('app:charge.over')}</strong>
        ) : (
          <span role="timer" aria-live="off">
            {withElement(
              t('app:charge.timeLeft', { time: SLOT }),
              <strong data-testid="charge-time-left">{formatCountdown(left)}</strong>,
            )}
          </span>
        )}
      </p>
      <form onSubmit={confirm} noValidate>
        <Field
          label={t('app:pin.label')}
          value={pin}
          onValue={setPin}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          name="pin"
          required
        />
        <ErrorBox error={error} messages={chargeRefusals()} />
        <div class="actions">
          <button class="btn btn-big" type="submit" disabled={busy || over}>
            {busy ? t('app:charge.working') : t('app:charge.confirm', { amount })}
          </button>
          <button class="btn btn-ghost" type="button" onClick={decline} disabled={busy || over}>
            {t('app:charge.decline')}
          </button>
        </div>
      </form>
    </section>
  );
}
