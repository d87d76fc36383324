import { webhookBody, withoutConsumerIdentity } from '../src/webhook-payload';

describe('webhook body', () => {
  const createdAt = new Date('2026-01-02T03:04:05.678Z');

  it('is the Standard Webhooks payload shape: type, RFC 3339 timestamp of the event, data', () => {
    const b = webhookBody({
      type: 'payment.succeeded',
      createdAt,
      payload: { type: 'payment.succeeded', data: { paymentId: 'p1', payer: 'pz_1', amount: '1.00' } },
    });
    expect(JSON.parse(b.json)).toEqual({
      type: 'payment.succeeded',
      timestamp: '2026-01-02T03:04:05.678Z',
      data: { paymentId: 'p1', payer: 'pz_1', amount: '1.00' },
    });
    expect(b.removed).toEqual([]);
  });

  it('is byte-identical for the same event (retries)', () => {
    const e = {
      type: 'order.cancelled',
      createdAt,
      payload: { type: 'order.cancelled', data: { orderId: 'o', amount: '2.00' } },
    };
    expect(webhookBody(e).json).toBe(webhookBody(e).json);
  });

  it('drops any member naming a consumer, at any depth', () => {
    const removed: string[] = [];
    const out = withoutConsumerIdentity(
      { payer: 'pz', consumerId: 'c', Phone: '+86', nested: [{ consumerName: 'Li', ok: 1 }], walletId: 'w' },
      removed,
    );
    expect(out).toEqual({ payer: 'pz', nested: [{ ok: 1 }] });
    expect(removed.sort()).toEqual(['data.Phone', 'data.consumerId', 'data.nested[0].consumerName', 'data.walletId']);
  });

  it('copes with a payload without data', () => {
    expect(JSON.parse(webhookBody({ type: 'order.expired', createdAt, payload: null }).json)).toEqual({
      type: 'order.expired',
      timestamp: createdAt.toISOString(),
      data: {},
    });
  });
});
