import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { EMPTY_JSON_BODY, api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { formatCountdown } from '../../shared/dates';
import { useCountdown } from '../../shared/hooks/use-countdown';
import { useOrderPolling } from '../../shared/hooks/use-order-polling';
import { formatMoney } from '../../shared/money';
import { ErrorBox, useBlobUrl, useScreen } from '../../shared/ui';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx, Order } from '../types';

/** The code of one sale, full screen for the customer to scan, until it is paid, expires or is cancelled. */
export function TillOrder(props: { ctx: Ctx; initial: Order; onDone: (msg?: string) => void }): JSX.Element {
  const { ctx } = props;
  const [order, setOrder] = useState(props.initial);
  const [error, setError] = useState<unknown>(null);
  const left = useCountdown(order.expiresAt);
  const img = useBlobUrl(
    () =>
      unwrapBlob(
        api.GET('/v1/merchant/qr-codes/{id}/image.png', {
          headers: { ...bearer(ctx.key), accept: 'image/png' },
          params: { path: { id: order.codeId } },
          parseAs: 'blob',
        }),
      ),
    [order.codeId],
  );
  const box = useRef<HTMLDivElement>(null);
  useScreen(order.status === 'paid' ? 'Paid' : 'Customer scan', APP);

  // short polling: the page turns PAID without a reload
  const orderOf = (id: string) =>
    unwrap(api.GET('/v1/merchant/orders/{id}', { headers: bearer(ctx.key), params: { path: { id } } }));
  useOrderPolling(order, (id) => ctx.guard(orderOf(id)), setOrder);

  useEffect(() => {
    if (order.status === 'open' && left === 0) setOrder({ ...order, status: 'expired' });
  }, [left]);

  const cancel = async () => {
    setError(null);
    try {
      await ctx.guard(
        unwrap(
          api.POST('/v1/merchant/orders/{id}/cancel', {
            headers: bearer(ctx.key),
            params: { path: { id: order.id } },
            body: EMPTY_JSON_BODY,
          }),
        ),
      );
      props.onDone(`Order ${order.reference} cancelled.`);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'order_not_payable') {
        const o = await orderOf(order.id).catch(() => null);
        if (o) setOrder(o);
      }
    }
  };

  return (
    <div
      ref={box}
      class={`till-full status-${order.status}`}
      data-testid="till"
      data-order-id={order.id}
      data-code-id={order.codeId}
      data-status={order.status}
    >
      {order.status === 'paid' ? (
        <div class="till-paid" role="status" aria-live="assertive">
          <p class="paid-word">PAID</p>
          <p class="amount till-amount">{formatMoney(order.amount, order.currency)}</p>
          <p>Order {order.reference}</p>
          {order.paymentId && <p class="mono small">Payment {order.paymentId}</p>}
          <button class="btn btn-big till-next" type="button" onClick={() => props.onDone()} autoFocus>
            New sale
          </button>
        </div>
      ) : (
        <div class="till-code">
          <h1 class="till-merchant">{ctx.merchant.name}</h1>
          <p class="amount till-amount" data-testid="till-amount">
            {formatMoney(order.amount, order.currency)}
          </p>
          {img ? (
            <img
              class="till-qr"
              src={img}
              alt={`Payment code for ${formatMoney(order.amount, order.currency)}, order ${order.reference}`}
            />
          ) : (
            <div class="till-qr" aria-hidden="true" />
          )}
          <p class="till-ref">Order {order.reference}</p>
          {order.status === 'open' ? (
            <p class="till-countdown" aria-live="off">
              Scan with Saoma · expires in <span data-testid="countdown">{formatCountdown(left)}</span>
            </p>
          ) : (
            <p class="till-countdown" role="status">
              {order.status === 'expired' ? 'This code has expired.' : 'This order was cancelled.'}
            </p>
          )}
          <ErrorBox error={error} messages={MESSAGES} />
          <div class="actions till-actions">
            {order.status === 'open' ? (
              <>
                <button class="btn btn-danger" type="button" onClick={cancel}>
                  Cancel sale
                </button>
                {document.fullscreenEnabled && (
                  <button
                    class="btn btn-ghost"
                    type="button"
                    onClick={() => void box.current?.requestFullscreen().catch(() => undefined)}
                  >
                    Full screen
                  </button>
                )}
              </>
            ) : (
              <button class="btn" type="button" onClick={() => props.onDone()}>
                New sale
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
