import crypto from 'node:crypto';
import { verifyStandardWebhookSignature } from '@saoma/signing';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { NO_WEBHOOK_URL } from '../src/webhook-dispatcher';
import { deadUrl, WebhookReceiver } from './support/webhook-receiver';
import {
  eventRow,
  insertEvent,
  insertMerchant,
  webhooksContext,
  type WebhooksContext,
} from './support/webhooks-context';

const S = 1000;
const H = 3600 * S;

describe('WebhookDispatcher (real PostgreSQL, real HTTP receiver)', () => {
  let ds: DataSource;
  let closeDb: () => Promise<void>;
  let ctx: WebhooksContext;
  let rx: WebhookReceiver;
  const masterKey = crypto.randomBytes(32);

  beforeAll(async () => {
    ({ ds, close: closeDb } = await openTestDataSource());
    ctx = await webhooksContext(ds, { masterKey, options: { requestTimeoutMs: 500, leaseSeconds: 30 } });
    rx = await WebhookReceiver.start();
  });
  // each case starts from an empty outbox: the `now`s below would make earlier cases' events due again
  beforeEach(() => ds.query(`DELETE FROM webhook_events`));
  afterAll(async () => {
    await ctx.close();
    await rx.close();
    await closeDb();
  });

  /**
   * The DB clock, so that explicit `now`s line up with rows written with now();
   * rounded up to the next millisecond (a JS Date has no microseconds).
   */
  async function dbNow(): Promise<Date> {
    const [r] = await ds.query(`SELECT (extract(epoch FROM now()) * 1000)::float8 AS ms`);
    return new Date(Math.floor(Number(r.ms)) + 1);
  }

  it('POSTs a due event once, signed per Standard Webhooks, and records the delivery', async () => {
    const m = await insertMerchant(ds, rx.url('/ok'));
    const id = await insertEvent(ds, m, {
      data: { paymentId: 'p-1', payer: 'pz_abc', amount: '12.30', currency: 'CNY' },
    });

    const before = Math.floor(Date.now() / 1000);
    expect(await ctx.dispatcher.deliverDue()).toBe(1);
    const [w] = rx.at('/ok');
    expect(w.method).toBe('POST');
    expect(w.headers['content-type']).toBe('application/json');
    expect(w.headers['webhook-id']).toBe(id);
    const ts = Number(w.headers['webhook-timestamp']);
    expect(ts).toBeGreaterThanOrEqual(before - 1);
    expect(ts).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    const sig = String(w.headers['webhook-signature']);
    expect(sig).toMatch(/^v1a,[A-Za-z0-9+/]+={0,2}$/);

    const body = JSON.parse(w.body);
    const row = await eventRow(ds, id);
    expect(body).toEqual({
      type: 'payment.succeeded',
      timestamp: new Date(row.created_at).toISOString(),
      data: { paymentId: 'p-1', payer: 'pz_abc', amount: '12.30', currency: 'CNY' },
    });

    // verifies with the published keys, plain node:crypto, and with the receiver helper
    const jwks = await ctx.signing.jwks();
    const key = crypto.createPublicKey({ key: jwks.keys[0] as unknown as crypto.JsonWebKey, format: 'jwk' });
    expect(crypto.verify(null, Buffer.from(`${id}.${ts}.${w.body}`), key, Buffer.from(sig.slice(4), 'base64'))).toBe(
      true,
    );
    expect(verifyStandardWebhookSignature(sig, id, ts, w.body, jwks)).toBe(true);
    expect(verifyStandardWebhookSignature(sig, id, ts, w.body.replace('12.30', '99.99'), jwks)).toBe(false);

    expect(row).toMatchObject({ attempts: 1, last_status: 200, last_error: null, gave_up_at: null });
    expect(row.delivered_at).not.toBeNull();

    // delivered: never again
    expect(await ctx.dispatcher.deliverDue(new Date(Date.now() + 10 * H))).toBe(0);
    expect(rx.at('/ok')).toHaveLength(1);
  });

  it('retries a failure with backoff, with the same id and the same bytes, and then delivers', async () => {
    const m = await insertMerchant(ds, rx.url('/flaky'));
    rx.reply('/flaky', 500, 503);
    const id = await insertEvent(ds, m, {
      type: 'refund.succeeded',
      data: { refundId: 'r1', paymentId: 'p1', payer: 'pz', amount: '1.00' },
    });
    const t0 = await dbNow();

    expect(await ctx.dispatcher.deliverDue(t0)).toBe(1);
    let row = await eventRow(ds, id);
    expect(row).toMatchObject({
      attempts: 1,
      last_status: 500,
      last_error: 'HTTP 500',
      delivered_at: null,
      gave_up_at: null,
    });
    const wait1 = new Date(row.next_attempt_at).getTime() - t0.getTime();
    expect(wait1).toBeGreaterThanOrEqual(4 * S);
    expect(wait1).toBeLessThanOrEqual(6 * S);

    // not due before its time
    expect(await ctx.dispatcher.deliverDue(new Date(t0.getTime() + 3 * S))).toBe(0);

    const t1 = new Date(t0.getTime() + 7 * S);
    expect(await ctx.dispatcher.deliverDue(t1)).toBe(1);
    row = await eventRow(ds, id);
    expect(row).toMatchObject({ attempts: 2, last_status: 503 });
    const wait2 = new Date(row.next_attempt_at).getTime() - t1.getTime();
    expect(wait2).toBeGreaterThanOrEqual(24 * S);
    expect(wait2).toBeLessThanOrEqual(36 * S);

    const t2 = new Date(t1.getTime() + 40 * S);
    expect(await ctx.dispatcher.deliverDue(t2)).toBe(1);
    row = await eventRow(ds, id);
    expect(row).toMatchObject({ attempts: 3, last_status: 200, last_error: null });
    expect(new Date(row.delivered_at as Date).getTime()).toBe(t2.getTime());

    const got = rx.at('/flaky');
    expect(got).toHaveLength(3);
    expect(new Set(got.map((w) => w.headers['webhook-id']))).toEqual(new Set([id]));
    expect(new Set(got.map((w) => w.body)).size).toBe(1);
  });

  it('records network errors and timeouts as status 0, and does not follow redirects', async () => {
    const dead = await insertMerchant(ds, await deadUrl());
    const slow = await insertMerchant(ds, rx.url('/slow'));
    const moved = await insertMerchant(ds, rx.url('/moved'));
    rx.reply('/slow', 'hang');
    rx.reply('/moved', { redirectTo: rx.url('/elsewhere') });
    const a = await insertEvent(ds, dead);
    const b = await insertEvent(ds, slow);
    const c = await insertEvent(ds, moved);

    expect(await ctx.dispatcher.deliverDue()).toBe(3);
    expect(await eventRow(ds, a)).toMatchObject({
      attempts: 1,
      last_status: 0,
      last_error: expect.stringMatching(/^network error: ECONNREFUSED/),
    });
    expect(await eventRow(ds, b)).toMatchObject({
      attempts: 1,
      last_status: 0,
      last_error: expect.stringMatching(/^timeout/),
    });
    expect(await eventRow(ds, c)).toMatchObject({
      attempts: 1,
      last_status: 302,
      last_error: expect.stringContaining('redirects are not followed'),
    });
    expect(rx.at('/elsewhere')).toHaveLength(0);
  });

  it('keeps retrying for at least 24 hours and gives up after 3 days', async () => {
    rx.reply('/down', 500, 500);
    const m = await insertMerchant(ds, rx.url('/down'));
    const now = await dbNow();
    const young = await insertEvent(ds, m, { createdAt: new Date(now.getTime() - 47 * H) });
    const old = await insertEvent(ds, m, { createdAt: new Date(now.getTime() - 73 * H) });

    expect(await ctx.dispatcher.deliverDue(now)).toBe(2);
    const y = await eventRow(ds, young);
    expect(y.gave_up_at).toBeNull();
    expect(new Date(y.next_attempt_at).getTime()).toBeGreaterThan(now.getTime());
    const o = await eventRow(ds, old);
    expect(o).toMatchObject({ attempts: 1, last_status: 500 });
    expect(new Date(o.gave_up_at as Date).getTime()).toBe(now.getTime());
    // later: the young one is tried again (and the receiver is back), the given-up one never
    expect(await ctx.dispatcher.deliverDue(new Date(now.getTime() + 10 * H))).toBe(1);
    expect(await eventRow(ds, young)).toMatchObject({ attempts: 2, last_status: 200 });
    expect(
      rx
        .at('/down')
        .map((w) => w.headers['webhook-id'])
        .sort(),
    ).toEqual([young, old, young].sort());
    expect((await eventRow(ds, old)).attempts).toBe(1);
  });

  it('keeps the events of a merchant without a webhook URL waiting, and delivers them once it has one', async () => {
    const m = await insertMerchant(ds, null);
    const id = await insertEvent(ds, m, {
      type: 'order.cancelled',
      data: { orderId: 'o1', reference: 'R1', amount: '3.00', currency: 'CNY' },
    });
    const t0 = await dbNow();

    expect(await ctx.dispatcher.deliverDue(t0)).toBe(0);
    let row = await eventRow(ds, id);
    expect(row).toMatchObject({
      attempts: 0,
      last_status: null,
      last_error: NO_WEBHOOK_URL,
      delivered_at: null,
      gave_up_at: null,
    });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(t0.getTime() + 20 * S);

    await ds.query(`UPDATE merchants SET webhook_url = $2 WHERE id = $1`, [m, rx.url('/late')]);
    expect(await ctx.dispatcher.deliverDue(new Date(t0.getTime() + 2 * 60 * S))).toBe(1);
    row = await eventRow(ds, id);
    expect(row).toMatchObject({ attempts: 1, last_status: 200, last_error: null });
    expect(rx.at('/late').map((w) => w.headers['webhook-id'])).toEqual([id]);
  });

  it('never sends a member naming a consumer, even if an event carried one', async () => {
    const m = await insertMerchant(ds, rx.url('/fence'));
    await insertEvent(ds, m, {
      data: {
        paymentId: 'p',
        payer: 'pz',
        consumerId: 'c-1',
        nested: { phone: '+8613800000000', consumerName: 'Li Lei' },
      },
    });
    expect(await ctx.dispatcher.deliverDue()).toBe(1);
    const [w] = rx.at('/fence');
    expect(JSON.parse(w.body).data).toEqual({ paymentId: 'p', payer: 'pz', nested: {} });
    for (const s of ['c-1', '+8613800000000', 'Li Lei']) expect(w.body).not.toContain(s);
  });

  it('lets concurrent workers share the outbox without sending an event twice (SKIP LOCKED)', async () => {
    const m = await insertMerchant(ds, rx.url('/many'));
    const ids = new Set<string>();
    for (let i = 0; i < 45; i++) ids.add(await insertEvent(ds, m));
    const other = await webhooksContext(ds, { masterKey, options: { batchSize: 7 } }); // another process, same master key
    try {
      const counts = await Promise.all([
        ctx.dispatcher.deliverDue(),
        other.dispatcher.deliverDue(),
        ctx.dispatcher.deliverDue(),
        other.dispatcher.deliverDue(),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(45);
    } finally {
      await other.close();
    }
    const got = rx.at('/many').map((w) => String(w.headers['webhook-id']));
    expect(got).toHaveLength(45);
    expect(new Set(got)).toEqual(ids);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE merchant_id = $1 AND delivered_at IS NOT NULL AND attempts = 1`,
      [m],
    );
    expect(n).toBe(45);
  });

  it('sends again an event whose worker died after claiming it, once the lease ends', async () => {
    const m = await insertMerchant(ds, rx.url('/crash'));
    const id = await insertEvent(ds, m);
    const t0 = await dbNow();
    const claimed = await ctx.repo.claimDue(t0, 100, 30); // the worker that dies
    expect(claimed.map((e) => e.id)).toContain(id);
    expect(await ctx.dispatcher.deliverDue(new Date(t0.getTime() + 10 * S))).toBe(0);
    expect(await ctx.dispatcher.deliverDue(new Date(t0.getTime() + 31 * S))).toBe(1);
    expect(await eventRow(ds, id)).toMatchObject({ attempts: 1, last_status: 200 });
  });

  it('a late outcome of a stale worker does not undo a delivery', async () => {
    const m = await insertMerchant(ds, rx.url('/stale'));
    const id = await insertEvent(ds, m);
    expect(await ctx.dispatcher.deliverDue()).toBe(1);
    expect(
      await ctx.repo.markFailed(id, 0, { at: new Date(), status: 500, error: 'HTTP 500', nextAttemptAt: new Date() }),
    ).toBe(false);
    expect(await eventRow(ds, id)).toMatchObject({ attempts: 1, last_status: 200 });
  });
});

describe('WebhookDispatcher worker loop', () => {
  it('polls on its own when enabled, and stops with the module', async () => {
    const { ds, close } = await openTestDataSource();
    const rx = await WebhookReceiver.start();
    const ctx = await webhooksContext(ds, { worker: true, options: { pollIntervalMs: 50 } });
    try {
      const m = await insertMerchant(ds, rx.url('/auto'));
      const id = await insertEvent(ds, m, {
        type: 'order.expired',
        data: { orderId: 'o', reference: 'R', amount: '1.00', currency: 'CNY' },
      });
      ctx.dispatcher.kick();
      const deadline = Date.now() + 10_000;
      while (rx.at('/auto').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(rx.at('/auto').map((w) => w.headers['webhook-id'])).toEqual([id]);
      await ctx.close();
      await insertEvent(ds, m);
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.at('/auto')).toHaveLength(1);
    } finally {
      await ctx.close().catch(() => undefined);
      await rx.close();
      await close();
    }
  });
});
