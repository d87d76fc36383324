import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney, greaterThan } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Link, Spinner, useLoad, useScreen } from '../../shared/ui';
import { BASE } from '../config';
import type { Payment } from '../types';

/** The receipt of a payment: the one just made (`known`), or loaded by its ID. */
export function ReceiptScreen(props: { id: string; token: string; guard: Guard; known: Payment | null }): JSX.Element {
  useScreen(t('app:receipt.title'), t('app:title'));
  const loaded = useLoad(
    () =>
      props.known?.id === props.id
        ? Promise.resolve(props.known)
        : props.guard(
            unwrap(api.GET('/v1/payments/{id}', { headers: bearer(props.token), params: { path: { id: props.id } } })),
          ),
    [props.id],
  );
  const p = loaded.data;
  if (loaded.loading) return <Spinner label={t('app:receipt.loading')} />;
  if (!p) return <ErrorBox error={loaded.error} />;
  const discounted = greaterThan(p.discount, '0');
  return (
    <div class="receipt" data-testid="receipt">
      <div class="paid-banner">
        <span class="paid-tick" aria-hidden="true">
          ✓
        </span>
        <h1>{t('app:receipt.paid')}</h1>
      </div>
      <section class="card center">
        <p class="amount amount-huge" data-testid="receipt-amount" translate={false}>
          {formatMoney(p.charged, p.currency)}
        </p>
        <p class="merchant-name" translate={false}>
          {p.merchant.name}
        </p>
        <dl class="facts">
          {discounted && (
            <>
              <dt>{t('app:receipt.price')}</dt>
              <dd translate={false}>{formatMoney(p.amount, p.currency)}</dd>
              <dt>{t('app:receipt.discount')}</dt>
              <dd translate={false}>−{formatMoney(p.discount, p.currency)}</dd>
            </>
          )}
          <dt>{t('app:receipt.time')}</dt>
          <dd>{formatTime(p.createdAt)}</dd>
          <dt>{t('app:receipt.receipt')}</dt>
          <dd class="mono" data-testid="receipt-id" translate={false}>
            {p.id}
          </dd>
        </dl>
        <p class="muted small">{t('app:receipt.offline')}</p>
      </section>
      <Link to={`${BASE}/`} class="btn btn-block btn-big">
        {t('app:receipt.done')}
      </Link>
    </div>
  );
}
