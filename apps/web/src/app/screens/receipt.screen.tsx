import type { JSX } from 'preact';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { formatMoney, greaterThan } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Link, Spinner, useLoad, useScreen } from '../../shared/ui';
import { APP, BASE } from '../config';
import type { Payment } from '../types';

/** The receipt of a payment: the one just made (`known`), or loaded by its ID. */
export function ReceiptScreen(props: { id: string; token: string; guard: Guard; known: Payment | null }): JSX.Element {
  useScreen('Receipt', APP);
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
