import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatCountdown } from '../../shared/dates';
import { useCountdown } from '../../shared/hooks/use-countdown';
import { useOrderPolling } from '../../shared/hooks/use-order-polling';
import { formatMoney, greaterThan } from '../../shared/money';
import { t } from '../../shared/i18n';
import { useScreen } from '../../shared/ui';
import { appName } from '../config';
import type { Charge, Ctx } from '../types';
import { DataText } from './data-text';

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
  useScreen(charge.status === 'succeeded' ? t('merchant:sale.paidTitle') : t('merchant:chargeResult.title'), appName());
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
      {t('merchant:sale.newSale')}
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
          <p class="paid-word">{t('merchant:sale.paidWord')}</p>
          <p class="amount till-amount" data-testid="charge-amount" translate={false}>
            {money(charge.amount)}
          </p>
          {charge.discount && greaterThan(charge.discount, '0') && (
            <p>
              <DataText
                text={(m) => t('merchant:chargeResult.discount', m)}
                values={{ amount: money(charge.discount) }}
              />
            </p>
          )}
          {charge.charged && (
            <p data-testid="charge-charged">
              <DataText
                text={(m) => t('merchant:chargeResult.customerPaid', m)}
                values={{ amount: money(charge.charged) }}
              />
            </p>
          )}
          {charge.payer && (
            <p>
              <DataText
                text={(m) => t('merchant:chargeResult.payer', m)}
                values={{
                  payer: (
                    <span class="mono" data-testid="charge-payer" translate={false}>
                      {charge.payer}
                    </span>
                  ),
                }}
              />
            </p>
          )}
          {charge.reference && (
            <p>
              <DataText
                text={(m) => t('merchant:chargeResult.reference', m)}
                values={{ reference: charge.reference }}
              />
            </p>
          )}
          {charge.paymentId && (
            <p class="mono small">
              <DataText text={(m) => t('merchant:sale.payment', m)} values={{ id: charge.paymentId }} />
            </p>
          )}
          {next}
        </div>
      ) : (
        <div class="till-code" role="status" aria-live="polite">
          <h1 class="till-merchant" translate={false}>
            {ctx.merchant.name}
          </h1>
          <p class="amount till-amount" data-testid="charge-amount" translate={false}>
            {money(charge.amount)}
          </p>
          {charge.status === 'awaiting_consumer' ? (
            <>
              <p class="charge-word">{t('merchant:chargeResult.waiting')}</p>
              <p>{t('merchant:chargeResult.needsPin')}</p>
              <p class="till-countdown" aria-live="off">
                {left > 0 ? (
                  <DataText
                    text={(m) => t('merchant:chargeResult.timeLeft', m)}
                    values={{
                      time: (
                        <span data-testid="charge-countdown" translate={false}>
                          {formatCountdown(left)}
                        </span>
                      ),
                    }}
                  />
                ) : (
                  t('merchant:chargeResult.timeUp')
                )}
              </p>
            </>
          ) : (
            <p class="charge-word">
              {charge.status === 'declined'
                ? t('merchant:chargeResult.declined')
                : t('merchant:chargeResult.notConfirmed')}
            </p>
          )}
          {charge.reference && (
            <p class="till-ref">
              <DataText
                text={(m) => t('merchant:chargeResult.reference', m)}
                values={{ reference: charge.reference }}
              />
            </p>
          )}
          <div class="actions till-actions">
            {charge.status === 'awaiting_consumer' ? (
              <button class="btn btn-ghost" type="button" onClick={props.onDone} aria-describedby="stop-waiting-hint">
                {t('merchant:chargeResult.stopWaiting')}
              </button>
            ) : (
              next
            )}
          </div>
          {charge.status === 'awaiting_consumer' && (
            <p class="muted small" id="stop-waiting-hint">
              {t('merchant:chargeResult.stopWaitingHint')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
