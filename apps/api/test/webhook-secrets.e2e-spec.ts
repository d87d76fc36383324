import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import request from 'supertest';
import { WebhookDispatcher } from '@saoma/webhooks';
import { WebhookReceiver } from '../../../libs/webhooks/test/support/webhook-receiver';
import { bearer, fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * Webhook signatures for every client library: deliveries verified with the
 * `standardwebhooks` package itself, as a merchant would, under the secret
 * the service returned once.
 */
describe('webhook secrets (v1 signatures, Standard Webhooks)', () => {
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
  const setUrl = (key: string, url: string) =>
    http()
      .patch('/v1/merchant')
      .set(...bearer(key))
      .send({ webhookUrl: url })
      .expect(200);
  /** A cancelled order: one order.cancelled event, delivered now; the delivery as the receiver got it. */
  async function oneDelivery(key: string, path: string, now?: Date) {
    const order = await f.order(key, '3.00');
    await http()
      .post(`/v1/merchant/orders/${order.id}/cancel`)
      .set(...bearer(key))
      .expect(200);
    const before = rx.at(path).length;
    expect(await dispatcher.deliverDue(now)).toBeGreaterThanOrEqual(1);
    const got = rx.at(path);
    expect(got.length).toBe(before + 1);
    const d = got[got.length - 1];
    return { body: d.body, headers: d.headers as Record<string, string> };
  }
  const verifies = (secret: string, d: { body: string; headers: Record<string, string> }) => {
    try {
      new Webhook(secret).verify(d.body, d.headers);
      return true;
    } catch (e) {
      if (e instanceof WebhookVerificationError) return false;
      throw e;
    }
  };

  it('returns the secret once with the first webhook URL, and deliveries verify with the standardwebhooks library', async () => {
    const m = await f.merchant({ name: 'Hook Shop' });
    const first = await setUrl(m.apiKey, rx.url('/shop'));
    expect(first.body.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.body.webhookSecret.slice(6), 'base64')).toHaveLength(32);
    // never again
    const again = await setUrl(m.apiKey, rx.url('/shop'));
    expect(again.body.webhookSecret).toBeUndefined();
    expect(
      (
        await http()
          .get('/v1/merchant')
          .set(...bearer(m.apiKey))
      ).body.webhookSecret,
    ).toBeUndefined();

    const d = await oneDelivery(m.apiKey, '/shop');
    expect(verifies(first.body.webhookSecret, d)).toBe(true);
    // the signature header holds v1 (HMAC) and v1a (Ed25519) side by side
    const kinds = d.headers['webhook-signature'].split(' ').map((s) => s.split(',')[0]);
    expect(kinds).toEqual(['v1', 'v1a']);
    // a tampered body or another secret does not verify
    expect(verifies(first.body.webhookSecret, { ...d, body: d.body.replace('3.00', '4.00') })).toBe(false);
    const other = await f.merchant({ name: 'Other Shop' });
    const theirs = (await setUrl(other.apiKey, rx.url('/other'))).body.webhookSecret as string;
    expect(verifies(theirs, d)).toBe(false);
  });

  it('keeps the secret sealed at rest: not in the database as text', async () => {
    const m = await f.merchant({ name: 'Sealed Shop' });
    const secret = (await setUrl(m.apiKey, rx.url('/sealed'))).body.webhookSecret as string;
    const [row] = await sql<Record<string, unknown>>(
      t,
      `SELECT * FROM merchant_webhook_secrets WHERE merchant_id = $1`,
      [m.id],
    );
    const stored = JSON.stringify(row) + (row.secret as Buffer).toString('latin1');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(6));
    expect((row.secret as Buffer).includes(Buffer.from(secret.slice(6), 'base64'))).toBe(false);
  });

  it('rotates: the new secret returned once, the old one still verifies for 24 hours, then no longer', async () => {
    const m = await f.merchant({ name: 'Rotating Shop' });
    const old = (await setUrl(m.apiKey, rx.url('/rot'))).body.webhookSecret as string;
    const res = await http()
      .post('/v1/merchant/webhook-secret')
      .set(...bearer(m.apiKey))
      .expect(201);
    const fresh = res.body.webhookSecret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);

    const during = await oneDelivery(m.apiKey, '/rot');
    expect(verifies(fresh, during)).toBe(true);
    expect(verifies(old, during)).toBe(true);
    expect(during.headers['webhook-signature'].split(' ').map((s) => s.split(',')[0])).toEqual(['v1', 'v1', 'v1a']);

    // the overlap ends (moved in the database, not waited for)
    await sql(
      t,
      `UPDATE merchant_webhook_secrets SET previous_until = now() - interval '1 second' WHERE merchant_id = $1`,
      [m.id],
    );
    const after = await oneDelivery(m.apiKey, '/rot');
    expect(verifies(fresh, after)).toBe(true);
    expect(verifies(old, after)).toBe(false);
  });

  it('makes a first secret on rotation for a merchant created with a URL by the admin (no secret yet)', async () => {
    const m = await f.merchant({ name: 'Admin Hook Shop', webhookUrl: rx.url('/admin-made') });
    const before = await oneDelivery(m.apiKey, '/admin-made');
    expect(before.headers['webhook-signature'].split(' ').map((s) => s.split(',')[0])).toEqual(['v1a']);
    const secret = (
      await http()
        .post('/v1/merchant/webhook-secret')
        .set(...bearer(m.apiKey))
        .expect(201)
    ).body.webhookSecret as string;
    expect(verifies(secret, await oneDelivery(m.apiKey, '/admin-made'))).toBe(true);
  });
});
