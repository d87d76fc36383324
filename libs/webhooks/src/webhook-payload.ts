/**
 * The body of a webhook, in the Standard Webhooks payload shape:
 * `{"type": ..., "timestamp": <RFC 3339, when the event happened>, "data": {...}}`.
 * The same event always gives the same bytes, so a retry is byte-identical
 * and receivers can deduplicate on `webhook-id` alone.
 */

/** `webhook.test`: a test delivery the merchant asked for (POST /v1/merchant/webhook-test), data `{test: true, merchantId, sentAt}`. */
export type WebhookEventType =
  'payment.succeeded' | 'refund.succeeded' | 'order.expired' | 'order.cancelled' | 'webhook.test';

/**
 * Members that name a consumer. The payments lib writes only the payer
 * pseudonym into events; this is the second fence: such a member never leaves
 * the service, at any depth, whatever a future event puts in its data.
 */
export const CONSUMER_IDENTITY_KEYS: ReadonlySet<string> = new Set(
  [
    'consumer',
    'consumerId',
    'consumerName',
    'consumerPhone',
    'phone',
    'walletId',
    'wallet',
    'pin',
    'payerName',
    'payerPhone',
    'payerId',
  ].map((k) => k.toLowerCase()),
);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `value` without consumer-identity members; `removed` collects their paths. */
export function withoutConsumerIdentity(value: unknown, removed: string[] = [], path = 'data'): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutConsumerIdentity(v, removed, `${path}[${i}]`));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (CONSUMER_IDENTITY_KEYS.has(k.toLowerCase())) {
      removed.push(`${path}.${k}`);
      continue;
    }
    out[k] = withoutConsumerIdentity(v, removed, `${path}.${k}`);
  }
  return out;
}

export interface WebhookBody {
  /** The exact bytes to send and sign. */
  json: string;
  /** Paths of members the privacy fence removed (empty when the event was clean). */
  removed: string[];
}

/** The body of one event as stored in the outbox (payload jsonb `{type, data}`). */
export function webhookBody(event: { type: string; payload: unknown; createdAt: Date }): WebhookBody {
  const payload = isPlainObject(event.payload) ? event.payload : {};
  const removed: string[] = [];
  const data = withoutConsumerIdentity(isPlainObject(payload.data) ? payload.data : {}, removed);
  const json = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data });
  return { json, removed };
}
