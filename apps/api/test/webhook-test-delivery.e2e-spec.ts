import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WEBHOOK_TESTS_PER_MINUTE } from '@saoma/payments';
import { WebhookDispatcher } from '@saoma/webhooks';
import { WebhookTestEvent1765770000000 } from '../../../migrations/1765770000000-webhook-test-event.migration';
import { WebhookReceiver } from '../../../libs/webhooks/test/support/webhook-receiver';
import { bearer, fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * "Send a test delivery" (POST /v1/merchant/webhook-test): one webhook.test
 * event through the same outbox, delivered to a real HTTP receiver on this
 * machine and verified there with the `standardwebhooks` package, as a
 * merchant's receiver would; refused without a webhook URL; one merchant's
 * test invisible to another; limited per merchant.
 */
describe('webhook test deliveries', () => {
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

  const http = () => request(t.http);
  /** A merchant with a webhook URL on the receiver at `path`, and the secret returned once. */
  async function hooked(name: string, path: string) {
    const m = await f.merchant({ name });
    const res = await http()
      .patch('/v1/merchant')
      .set(...bearer(m.apiKey))
      .send({ webhookUrl: rx.url(path) })
      .expect(200);
    return { ...m, secret: res.body.webhookSecret as string };
  }
  const sendTest = (key: string) =>
    http()
      .post('/v1/merchant/webhook-test')
      .set(...bearer(key));
  const deliveries = async (key: string) =>
    (
      await http()
        .get('/v1/merchant/webhook-deliveries')
        .set(...bearer(key))
        .expect(200)
    ).body.data as Array<{ eventId: string; type: string; status: string; attempts: number; lastStatus: number }>;

  it('queues a webhook.test event that arrives signed, verifies with the standardwebhooks library and is logged', async () => {
    const m = await hooked('Test Hook Shop', '/test-shop');
    const res = await sendTest(m.apiKey).expect(202);
    expect(res.body).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'webhook.test',
      status: 'pending',
      createdAt: expect.any(String),
    });
    const { eventId } = res.body as { eventId: string; createdAt: string };
    // queued, not yet sent: the log lists it as pending
    expect((await deliveries(m.apiKey)).find((d) => d.eventId === eventId)).toMatchObject({
      type: 'webhook.test',
      status: 'pending',
      attempts: 0,
    });

    expect(await dispatcher.deliverDue()).toBe(1);
    const got = rx.at('/test-shop');
    expect(got).toHaveLength(1);
    const d = got[0];
    expect(d.method).toBe('POST');
    expect(d.headers['webhook-id']).toBe(eventId);
    expect((d.headers['webhook-signature'] as string).split(' ').map((s) => s.split(',')[0])).toEqual(['v1', 'v1a']);
    // what a merchant's receiver does: verify with its secret, then read the payload
    const payload = new Webhook(m.secret).verify(d.body, d.headers as Record<string, string>);
    expect(payload).toEqual({
      type: 'webhook.test',
      timestamp: res.body.createdAt,
      data: { test: true, merchantId: m.id, sentAt: res.body.createdAt },
    });
    expect(() =>
      new Webhook(m.secret).verify(d.body.replace('true', 'false'), d.headers as Record<string, string>),
    ).toThrow();

    expect((await deliveries(m.apiKey)).find((dl) => dl.eventId === eventId)).toMatchObject({
      type: 'webhook.test',
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
    });
  });

  it('is retried like any event when the receiver fails, then delivered once it answers', async () => {
    const m = await hooked('Flaky Hook Shop', '/test-flaky');
    rx.reply('/test-flaky', 503);
    const { eventId } = (await sendTest(m.apiKey).expect(202)).body as { eventId: string };
    await dispatcher.deliverDue();
    expect((await deliveries(m.apiKey)).find((d) => d.eventId === eventId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 503,
    });
    // the retry is due later; looked at from then
    await dispatcher.deliverDue(new Date(Date.now() + 60_000));
    const got = rx.at('/test-flaky');
    expect(got).toHaveLength(2);
    expect(got[1].body).toBe(got[0].body);
    expect(got[1].headers['webhook-id']).toBe(eventId);
    expect((await deliveries(m.apiKey)).find((d) => d.eventId === eventId)).toMatchObject({ status: 'delivered' });
  });

  it('refuses a merchant without a webhook URL: 409 webhook_url_missing, nothing queued', async () => {
    const m = await f.merchant({ name: 'No Hook Shop' });
    const res = await sendTest(m.apiKey).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'webhook_url_missing' });
    expect(res.body.detail).toMatch(/webhook URL/);
    expect(await deliveries(m.apiKey)).toEqual([]);
    const rows = await sql(t, `SELECT 1 FROM webhook_events WHERE merchant_id = $1`, [m.id]);
    expect(rows).toHaveLength(0);

    // a URL removed again: refused again
    const h = await hooked('Unhooked Shop', '/test-unhooked');
    await http()
      .patch('/v1/merchant')
      .set(...bearer(h.apiKey))
      .send({ webhookUrl: null })
      .expect(200);
    expect((await sendTest(h.apiKey).expect(409)).body.code).toBe('webhook_url_missing');
  });

  it('goes to its own merchant only: another merchant neither sees it in its log nor receives it', async () => {
    const a = await hooked('Shop A', '/test-a');
    const b = await hooked('Shop B', '/test-b');
    const { eventId } = (await sendTest(a.apiKey).expect(202)).body as { eventId: string };
    await dispatcher.deliverDue();
    expect(rx.at('/test-a').map((w) => w.headers['webhook-id'])).toEqual([eventId]);
    expect(rx.at('/test-b')).toHaveLength(0);
    expect((await deliveries(b.apiKey)).map((d) => d.eventId)).not.toContain(eventId);
    expect((await deliveries(a.apiKey)).map((d) => d.eventId)).toContain(eventId);
    // nor can it page from it
    const cursor = Buffer.from(eventId, 'utf8').toString('base64url');
    await http()
      .get('/v1/merchant/webhook-deliveries')
      .query({ cursor })
      .set(...bearer(b.apiKey))
      .expect(400);
    // and B's own test is B's
    const mine = (await sendTest(b.apiKey).expect(202)).body.eventId as string;
    await dispatcher.deliverDue();
    expect(rx.at('/test-b').map((w) => w.headers['webhook-id'])).toEqual([mine]);
    expect(
      new Webhook(b.secret).verify(rx.at('/test-b')[0].body, rx.at('/test-b')[0].headers as Record<string, string>),
    ).toMatchObject({ data: { merchantId: b.id } });
  });

  it(`is limited to ${WEBHOOK_TESTS_PER_MINUTE} a minute per merchant (429 rate_limited), other merchants unaffected`, async () => {
    const m = await hooked('Busy Hook Shop', '/test-busy');
    const other = await hooked('Calm Hook Shop', '/test-calm');
    // the limiter's window is one minute of the database clock: start at the beginning of one
    const [{ s }] = await sql<{ s: number }>(t, `SELECT extract(second FROM now())::float AS s`);
    if (s > 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
    for (let i = 0; i < WEBHOOK_TESTS_PER_MINUTE; i++) await sendTest(m.apiKey).expect(202);
    const refused = await sendTest(m.apiKey).expect(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    await sendTest(other.apiKey).expect(202);
    const [{ n }] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM webhook_events WHERE merchant_id = $1 AND type = 'webhook.test'`,
      [m.id],
    );
    expect(n).toBe(WEBHOOK_TESTS_PER_MINUTE);
    // counted in the database (rate_limit_hits), not in this process
    const [{ hits }] = await sql<{ hits: number }>(
      t,
      `SELECT max(hits)::int AS hits FROM rate_limit_hits WHERE key = $1`,
      [`webhook-test:merchant:${m.id}`],
    );
    expect(hits).toBe(WEBHOOK_TESTS_PER_MINUTE + 1);
  }, 30_000);

  it('its migration is reversible: down removes the test events and narrows the CHECK, up widens it again', async () => {
    const m = await hooked('Migrating Shop', '/test-migrating');
    await sendTest(m.apiKey).expect(202);
    const qr = t.app.get(DataSource).createQueryRunner();
    await qr.connect();
    const migration = new WebhookTestEvent1765770000000();
    const insertTest = `INSERT INTO webhook_events (merchant_id, type, payload) VALUES ($1, 'webhook.test', '{}')`;
    try {
      await qr.startTransaction();
      await migration.down(qr);
      expect(await qr.query(`SELECT 1 FROM webhook_events WHERE type = 'webhook.test'`)).toHaveLength(0);
      await qr.query(`SAVEPOINT refused`);
      await expect(qr.query(insertTest, [m.id])).rejects.toThrow(/ck_webhook_events_type/);
      await qr.query(`ROLLBACK TO SAVEPOINT refused`);
      await migration.up(qr);
      await qr.query(insertTest, [m.id]);
      const [c] = await qr.query(`SELECT convalidated FROM pg_constraint WHERE conname = 'ck_webhook_events_type'`);
      expect(c.convalidated).toBe(true);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
