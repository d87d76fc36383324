import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { EMPTY_JSON_BODY, api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { formatCountdown } from '../../shared/dates';
import { useCountdown } from '../../shared/hooks/use-countdown';
import { useOrderPolling } from '../../shared/hooks/use-order-polling';
import { formatMoney } from '../../shared/money';
import { t } from '../../shared/i18n';
import { ErrorBox, useBlobUrl, useScreen } from '../../shared/ui';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Ctx, Order } from '../types';

/** The code of one sale, full screen for the customer to scan, until it is paid, expires or is cancelled. */
export function TillOrder(props: {
  ctx: Ctx;
  initial: Order;
  onDone: (cancelledReference?: string) => void;
}): JSX.Element {
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
  useScreen(order.status === 'paid' ? t('merchant:sale.paidTitle') : t('merchant:tillOrder.title'), appName());

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
      props.onDone(order.reference);
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
          <p class="paid-word">{t('merchant:sale.paidWord')}</p>
          <p class="amount till-amount" translate={false}>
            {formatMoney(order.amount, order.currency)}
          </p>
          <p>
            <DataText text={(m) => t('merchant:tillOrder.order', m)} values={{ reference: order.reference }} />
          </p>
          {order.paymentId && (
            <p class="mono small">
              <DataText text={(m) => t('merchant:sale.payment', m)} values={{ id: order.paymentId }} />
            </p>
          )}
          <button class="btn btn-big till-next" type="button" onClick={() => props.onDone()} autoFocus>
            {t('merchant:sale.newSale')}
          </button>
        </div>
      ) : (
        <div class="till-code">
          <h1 class="till-merchant" translate={false}>
            {ctx.merchant.name}
          </h1>
          <p class="amount till-amount" data-testid="till-amount" translate={false}>
            {formatMoney(order.amount, order.currency)}
          </p>
          {img ? (
            <img
              class="till-qr"
              src={img}
              // the text names the amount and the order: data, not for translating
              translate={false}
              alt={t('merchant:tillOrder.codeAlt', {
                amount: formatMoney(order.amount, order.currency),
                reference: order.reference,
              })}
            />
          ) : (
            <div class="till-qr" aria-hidden="true" />
          )}
          <p class="till-ref">
            <DataText text={(m) => t('merchant:tillOrder.order', m)} values={{ reference: order.reference }} />
          </p>
          {order.status === 'open' ? (
            <p class="till-countdown" aria-live="off">
              <DataText
                text={(m) => t('merchant:tillOrder.expiresIn', m)}
                values={{
                  time: (
                    <span data-testid="countdown" translate={false}>
                      {formatCountdown(left)}
                    </span>
                  ),
                }}
              />
            </p>
          ) : (
            <p class="till-countdown" role="status">
              {order.status === 'expired' ? t('merchant:tillOrder.expired') : t('merchant:tillOrder.cancelled')}
            </p>
          )}
          <ErrorBox error={error} messages={merchantMessages()} />
          <div class="actions till-actions">
            {order.status === 'open' ? (
              <>
                <button class="btn btn-danger" type="button" onClick={cancel}>
                  {t('merchant:tillOrder.cancelSale')}
                </button>
                {document.fullscreenEnabled && (
                  <button
                    class="btn btn-ghost"
                    type="button"
                    onClick={() => void box.current?.requestFullscreen().catch(() => undefined)}
                  >
                    {t('merchant:tillOrder.fullScreen')}
                  </button>
                )}
              </>
            ) : (
              <button class="btn" type="button" onClick={() => props.onDone()}>
                {t('merchant:sale.newSale')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
