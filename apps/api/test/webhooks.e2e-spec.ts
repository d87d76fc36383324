import crypto from 'node:crypto';
import { WebhookDispatcher } from '@saoma/webhooks';
import request from 'supertest';
import { WebhookReceiver } from '../../../libs/webhooks/test/support/webhook-receiver';
import { fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];

interface Delivery {
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
  nextAttemptAt?: string;
}

/**
 * Webhooks end to end: a real journey through the API, the outbox delivered
 * by the dispatcher (WEBHOOK_WORKER=false: driven by hand here) to a real HTTP
 * server on 127.0.0.1 standing in for the merchant's endpoint.
 */
describe('webhooks', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let dispatcher: WebhookDispatcher;
  let f: ReturnType<typeof fixtures>;

  beforeAll(async () => {
    t = await createTestApp();
    rx = await WebhookReceiver.start();
    dispatcher = t.app.get(WebhookDispatcher);
    f = fixtures(t);
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  async function deliveries(merchantKey: string, query = ''): Promise<{ data: Delivery[]; nextCursor: string | null }> {
    const res = await request(t.http)
      .get(`/v1/merchant/webhook-deliveries${query}`)
      .set(...auth(merchantKey))
      .expect(200);
    return res.body;
  }

  async function cancelledOrder(merchantKey: string): Promise<string> {
    const order = await f.order(merchantKey, '8.00');
    await request(t.http)
      .post(`/v1/merchant/orders/${order.id}/cancel`)
      .set(...auth(merchantKey))
      .expect(200);
    return order.id;
  }

  describe('a merchant with a webhook URL, through a real journey', () => {
    let merchant: { id: string; apiKey: string };
    let consumer: { id: string; name: string; phone: string; token: string };
    let paymentId: string;
    let refundId: string;
    let orderId: string;

    beforeAll(async () => {
      merchant = await f.merchant({ name: 'Hook Noodles', webhookUrl: rx.url('/a') });
      const code = await f.code(merchant.apiKey, { label: 'Till 1' });
      consumer = await f.consumer('Zhuge Kongming');
      await f.topup(consumer.id, '100.00');
      const scan = await f.scan(consumer.token, code.payload).expect(200);
      const paid = await request(t.http)
        .post('/v1/payments')
        .set(...auth(consumer.token))
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ token: scan.body.token, amount: '30.00' })
        .expect(201);
      paymentId = paid.body.id;
      const refund = await request(t.http)
        .post(`/v1/merchant/payments/${paymentId}/refunds`)
        .set(...auth(merchant.apiKey))
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ amount: '10.00' })
        .expect(201);
      refundId = refund.body.id;
      orderId = await cancelledOrder(merchant.apiKey);

      expect(await dispatcher.deliverDue()).toBe(3);
    });

    it('POSTs payment.succeeded, refund.succeeded and order.cancelled to the webhook URL', () => {
      const got = rx.at('/a').map((w) => JSON.parse(w.body));
      expect(got.map((b) => b.type).sort()).toEqual(['order.cancelled', 'payment.succeeded', 'refund.succeeded']);
      const byType = Object.fromEntries(got.map((b) => [b.type, b]));
      expect(byType['payment.succeeded'].data).toMatchObject({
        paymentId,
        amount: '30.00',
        currency: 'CNY',
        payer: expect.any(String),
      });
      expect(byType['refund.succeeded'].data).toMatchObject({ refundId, paymentId, amount: '10.00' });
      expect(byType['order.cancelled'].data).toMatchObject({ orderId, amount: '8.00' });
      for (const b of got) {
        expect(Object.keys(b).sort()).toEqual(['data', 'timestamp', 'type']);
        expect(b.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      }
    });

    it('signs each POST per Standard Webhooks with a key of /.well-known/jwks.json', async () => {
      const jwks = (await request(t.http).get('/.well-known/jwks.json').expect(200)).body as {
        keys: crypto.JsonWebKey[];
      };
      const keys = jwks.keys.map((jwk) => crypto.createPublicKey({ key: jwk, format: 'jwk' }));
      for (const w of rx.at('/a')) {
        expect(w.headers['content-type']).toBe('application/json');
        const id = String(w.headers['webhook-id']);
        const ts = String(w.headers['webhook-timestamp']);
        const sig = String(w.headers['webhook-signature']);
        expect(ts).toMatch(/^\d+$/);
        expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(120);
        expect(sig.startsWith('v1a,')).toBe(true);
        const raw = Buffer.from(sig.slice(4), 'base64');
        expect(keys.some((key) => crypto.verify(null, Buffer.from(`${id}.${ts}.${w.body}`), key, raw))).toBe(true);
        // altered body or id: no longer verifies
        expect(keys.some((key) => crypto.verify(null, Buffer.from(`${id}.${ts}.${w.body} `), key, raw))).toBe(false);
        expect(
          keys.some((key) => crypto.verify(null, Buffer.from(`${crypto.randomUUID()}.${ts}.${w.body}`), key, raw)),
        ).toBe(false);
      }
    });

    it('carries the payer pseudonym, never the consumer id, name or phone', async () => {
      const mp = await request(t.http)
        .get(`/v1/merchant/payments/${paymentId}`)
        .set(...auth(merchant.apiKey))
        .expect(200);
      const payment = rx
        .at('/a')
        .map((w) => JSON.parse(w.body))
        .find((b) => b.type === 'payment.succeeded');
      expect(payment.data.payer).toBe(mp.body.payer);
      for (const w of rx.at('/a')) {
        for (const s of [consumer.id, consumer.name, consumer.phone, consumer.phone.slice(1)])
          expect(w.body).not.toContain(s);
      }
    });

    it('shows the deliveries in the log, newest first, with ids matching webhook-id', async () => {
      const log = await deliveries(merchant.apiKey);
      expect(log.nextCursor).toBeNull();
      expect(log.data.map((d) => d.type)).toEqual(['order.cancelled', 'refund.succeeded', 'payment.succeeded']);
      for (const d of log.data) {
        expect(d).toMatchObject({
          status: 'delivered',
          attempts: 1,
          lastStatus: 200,
          deliveredAt: expect.any(String),
          createdAt: expect.any(String),
        });
        expect(d.nextAttemptAt).toBeUndefined();
      }
      expect(new Set(log.data.map((d) => d.eventId))).toEqual(new Set(rx.at('/a').map((w) => w.headers['webhook-id'])));
    });

    it('does not send a delivered event again', async () => {
      expect(await dispatcher.deliverDue(new Date(Date.now() + 24 * 3600_000))).toBe(0);
      expect(rx.at('/a')).toHaveLength(3);
    });

    it('pages the log with ?limit= and ?cursor=', async () => {
      const all = await deliveries(merchant.apiKey);
      const p1 = await deliveries(merchant.apiKey, '?limit=2');
      expect(p1.data.map((d) => d.eventId)).toEqual(all.data.slice(0, 2).map((d) => d.eventId));
      expect(p1.nextCursor).toEqual(expect.any(String));
      const p2 = await deliveries(merchant.apiKey, `?limit=2&cursor=${encodeURIComponent(p1.nextCursor as string)}`);
      expect(p2.data.map((d) => d.eventId)).toEqual(all.data.slice(2).map((d) => d.eventId));
      expect(p2.nextCursor).toBeNull();
      for (const q of ['?limit=0', '?limit=201', '?limit=abc']) {
        const res = await request(t.http)
          .get(`/v1/merchant/webhook-deliveries${q}`)
          .set(...auth(merchant.apiKey))
          .expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      const bad = await request(t.http)
        .get('/v1/merchant/webhook-deliveries?cursor=nonsense')
        .set(...auth(merchant.apiKey))
        .expect(400);
      expect(bad.body.code).toBe('invalid_cursor');
    });

    it("lets no one else see the merchant's events", async () => {
      const b = await f.merchant({ name: 'Other Shop', webhookUrl: rx.url('/b') });
      const own = await deliveries(b.apiKey);
      expect(own).toEqual({ data: [], nextCursor: null });
      // a cursor made from A's event is unknown to B
      const p1 = await deliveries(merchant.apiKey, '?limit=1');
      const res = await request(t.http)
        .get(`/v1/merchant/webhook-deliveries?cursor=${encodeURIComponent(p1.nextCursor as string)}`)
        .set(...auth(b.apiKey))
        .expect(400);
      expect(res.body.code).toBe('invalid_cursor');
      expect(JSON.stringify(res.body)).not.toContain(p1.data[0].eventId);
      await request(t.http)
        .get('/v1/merchant/webhook-deliveries')
        .set(...auth(consumer.token))
        .expect(403);
      await request(t.http).get('/v1/merchant/webhook-deliveries').expect(401);
      expect(rx.at('/b')).toHaveLength(0);
    });
  });

  it('retries a delivery the receiver refused, and the log shows it', async () => {
    const m = await f.merchant({ name: 'Flaky Tea', webhookUrl: rx.url('/flaky') });
    rx.reply('/flaky', 500);
    await cancelledOrder(m.apiKey);

    expect(await dispatcher.deliverDue()).toBe(1);
    let [d] = (await deliveries(m.apiKey)).data;
    expect(d).toMatchObject({
      type: 'order.cancelled',
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'HTTP 500',
    });
    expect(d.deliveredAt).toBeUndefined();
    expect(Date.parse(d.nextAttemptAt as string)).toBeGreaterThan(Date.parse(d.createdAt) + 3000);

    // not yet due: nothing happens
    expect(await dispatcher.deliverDue()).toBe(0);
    // the retry, once due
    expect(await dispatcher.deliverDue(new Date(Date.now() + 60_000))).toBe(1);
    [d] = (await deliveries(m.apiKey)).data;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, deliveredAt: expect.any(String) });
    expect(d.nextAttemptAt).toBeUndefined();
    const got = rx.at('/flaky');
    expect(got).toHaveLength(2);
    expect(got.map((w) => w.headers['webhook-id'])).toEqual([d.eventId, d.eventId]);
    expect(got[0].body).toBe(got[1].body);
  });

  it('does not lose the events of a merchant without a webhook URL', async () => {
    const m = await f.merchant({ name: 'No Hook Bakery' });
    await cancelledOrder(m.apiKey);

    expect(await dispatcher.deliverDue()).toBe(0);
    let [d] = (await deliveries(m.apiKey)).data;
    expect(d).toMatchObject({
      type: 'order.cancelled',
      status: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: 'no webhook URL',
      nextAttemptAt: expect.any(String),
    });
    const [row] = await sql<{ delivered_at: Date | null; gave_up_at: Date | null }>(
      t,
      `SELECT delivered_at, gave_up_at FROM webhook_events WHERE id = $1`,
      [d.eventId],
    );
    expect(row).toEqual({ delivered_at: null, gave_up_at: null });

    await request(t.http)
      .patch('/v1/merchant')
      .set(...auth(m.apiKey))
      .send({ webhookUrl: rx.url('/late') })
      .expect(200);
    expect(await dispatcher.deliverDue(new Date(Date.now() + 5 * 60_000))).toBe(1);
    [d] = (await deliveries(m.apiKey)).data;
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
    expect(d.lastError).toBeUndefined();
    expect(rx.at('/late').map((w) => w.headers['webhook-id'])).toEqual([d.eventId]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    const op = doc.paths['/v1/merchant/webhook-deliveries']?.get;
    expect(op).toBeDefined();
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'limit']);
  });
});
