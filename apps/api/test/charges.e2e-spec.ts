import crypto from 'node:crypto';
import request from 'supertest';
import { bearer, fixtures, phoneCode, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * Charges (POST /v1/merchant/charges): the till scans the code the consumer's
 * phone computed from its pack. The no-PIN limit is CNY 10 here, so the
 * pack's day cap is CNY 50.
 */
describe('charges: the till scans the consumer’s code', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;

  beforeAll(async () => {
    t = await createTestApp({ NO_PIN_LIMITS: 'CNY=10' });
    f = fixtures(t);
  });
  afterAll(() => t.close());

  const http = () => request(t.http);

  function charge(merchantKey: string, body: Record<string, unknown>, key: string = crypto.randomUUID()) {
    return http()
      .post('/v1/merchant/charges')
      .set(...bearer(merchantKey))
      .set('Idempotency-Key', key)
      .send(body);
  }

  async function payer(name: string, topUp = '100.00') {
    const c = await f.consumer(name);
    if (topUp !== '0') await f.topup(c.id, topUp);
    return { ...c, pack: await f.paymentPack(c.token, c.pin) };
  }

  it('charges within the offline limit at once: a payment with fee, pseudonym, refund, webhook event and a balanced ledger; the key replays', async () => {
    const m = await f.merchant({ name: 'Till Noodles', feeRate: '0.006', webhookUrl: 'http://127.0.0.1:9/hook' });
    const c = await payer('Zhou Yu');
    const key = crypto.randomUUID();
    const body = { code: await phoneCode(c.pack, 0), amount: '8.00', reference: 'T1-0001' };
    const res = await charge(m.apiKey, body, key).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'succeeded',
      amount: '8.00',
      discount: '0.00',
      charged: '8.00',
      currency: 'CNY',
      payer: expect.any(String),
      reference: 'T1-0001',
      paymentId: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(await f.wallet(c.token)).toBe('92.00');
    // the same key answers the same, and moves nothing again
    const again = await charge(m.apiKey, body, key).expect(201);
    expect(again.body).toEqual(res.body);
    expect(await f.wallet(c.token)).toBe('92.00');

    // a payment like any other: the merchant's list, the consumer's statement, the same pseudonym as a scan
    const mp = await http()
      .get(`/v1/merchant/payments/${res.body.paymentId}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(mp.body).toMatchObject({ chargeId: res.body.id, payer: res.body.payer, fee: '0.05', amount: '8.00' });
    expect(mp.body.codeId).toBeUndefined();
    const code = await f.code(m.apiKey);
    const scanned = await f.scanAndPay(c.token, code.payload, '1.00');
    const mp2 = await http()
      .get(`/v1/merchant/payments/${scanned.id}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(mp2.body.payer).toBe(res.body.payer);
    const mine = await http()
      .get(`/v1/payments/${res.body.paymentId}`)
      .set(...bearer(c.token))
      .expect(200);
    expect(mine.body).toMatchObject({ chargeId: res.body.id, merchant: { id: m.id, name: 'Till Noodles' } });
    const [event] = await sql<{ payload: { data: Record<string, unknown> } }>(
      t,
      `SELECT payload FROM webhook_events WHERE merchant_id = $1 AND type = 'payment.succeeded' ORDER BY created_at LIMIT 1`,
      [m.id],
    );
    expect(event.payload.data).toMatchObject({ paymentId: res.body.paymentId, chargeId: res.body.id, amount: '8.00' });
    expect(event.payload.data.codeId).toBeUndefined();

    await http()
      .post(`/v1/merchant/payments/${res.body.paymentId}/refunds`)
      .set(...bearer(m.apiKey))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ amount: '3.00' })
      .expect(201);
    expect(await f.wallet(c.token)).toBe('94.00');
    const trial = await http()
      .get('/v1/finance/trial-balance?currency=CNY')
      .set(...bearer(f.admin))
      .expect(200);
    expect(trial.body.balanced).toBe(true);
    const got = await http()
      .get(`/v1/merchant/charges/${res.body.id}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(got.body).toEqual(res.body);

    // the merchant's statement and finance's reconciliation know it as a payment
    const today = new Date().toISOString().slice(0, 10);
    const st = await http()
      .get(`/v1/merchant/statements/${today}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(st.body.data.find((l: { paymentId?: string }) => l.paymentId === res.body.paymentId)).toMatchObject({
      type: 'payment',
      amount: '8.00',
      payer: res.body.payer,
    });
    const rec = await http()
      .get(`/v1/finance/reconciliation?date=${today}`)
      .set(...bearer(f.admin))
      .expect(200);
    expect(rec.body).toMatchObject({ ledgerBalanced: true, paymentsMatchLedger: true, mismatches: [] });
  });

  it('applies the merchant’s promotion to a charge', async () => {
    const m = await f.merchant({ name: 'Promo Till' });
    await f.promotion({
      merchantId: m.id,
      fundedBy: 'platform',
      amountOff: '1.00',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const c = await payer('Lu Su');
    const res = await charge(m.apiKey, { code: await phoneCode(c.pack, 0), amount: '6.00' }).expect(201);
    expect(res.body).toMatchObject({ amount: '6.00', discount: '1.00', charged: '5.00' });
    expect(await f.wallet(c.token)).toBe('95.00');
  });

  it('takes each handle once: a used handle is 409 payment_code_used whatever its TOTP', async () => {
    const m = await f.merchant({ name: 'Once Only' });
    const c = await payer('Gan Ning');
    await charge(m.apiKey, { code: await phoneCode(c.pack, 3), amount: '2.00' }).expect(201);
    const again = await charge(m.apiKey, { code: await phoneCode(c.pack, 3), amount: '2.00' }).expect(409);
    expect(again.body.code).toBe('payment_code_used');
    const wrongTotp = `28${c.pack.handles[3]}000000`;
    expect((await charge(m.apiKey, { code: wrongTotp, amount: '2.00' }).expect(409)).body.code).toBe(
      'payment_code_used',
    );
    expect(await f.wallet(c.token)).toBe('98.00');
  });

  it('a handle charged by two merchants at once: exactly one succeeds, the other is told it is used', async () => {
    const a = await f.merchant({ name: 'Race A' });
    const b = await f.merchant({ name: 'Race B' });
    const c = await payer('Taishi Ci');
    const code = await phoneCode(c.pack, 0);
    const [ra, rb] = await Promise.all([
      charge(a.apiKey, { code, amount: '4.00' }),
      charge(b.apiKey, { code, amount: '4.00' }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([201, 409]);
    expect([ra, rb].find((r) => r.status === 409)!.body.code).toBe('payment_code_used');
    expect(await f.wallet(c.token)).toBe('96.00');
  });

  it('accepts a phone clock one period off either way, refuses two; every refusal looks the same', async () => {
    const m = await f.merchant({ name: 'Skew Tea' });
    const c = await payer('Huang Gai');
    await charge(m.apiKey, { code: await phoneCode(c.pack, 0, -60), amount: '1.00' }).expect(201);
    await charge(m.apiKey, { code: await phoneCode(c.pack, 1, 60), amount: '1.00' }).expect(201);
    const refusals = [
      await charge(m.apiKey, { code: await phoneCode(c.pack, 2, -120), amount: '1.00' }),
      await charge(m.apiKey, { code: await phoneCode(c.pack, 3, 120), amount: '1.00' }),
      await charge(m.apiKey, { code: `28${c.pack.handles[4]}${'9'.repeat(6)}`, amount: '1.00' }), // a wrong TOTP (or, once in 10^6, right)
      await charge(m.apiKey, { code: '28000000000', amount: '1.00' }), // malformed
      await charge(m.apiKey, { code: `28${'1'.repeat(10)}123456`, amount: '1.00' }), // no such handle
    ];
    const shapes = refusals.map((r) => ({ status: r.status, code: r.body.code, detail: r.body.detail }));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({ status: 422, code: 'invalid_payment_code' });
    expect(await f.wallet(c.token)).toBe('98.00');
  });

  it('refuses every code of a deleted pack, and a consumer without money in the currency gets 402', async () => {
    const m = await f.merchant({ name: 'Gone Pack' });
    const c = await payer('Cheng Pu');
    await http()
      .delete(`/v1/me/payment-codes/${c.pack.packId}`)
      .set(...bearer(c.token))
      .expect(204);
    const r = await charge(m.apiKey, { code: await phoneCode(c.pack, 0), amount: '1.00' }).expect(422);
    expect(r.body.code).toBe('invalid_payment_code');
    const poor = await payer('Pang Tong', '0');
    const p = await charge(m.apiKey, { code: await phoneCode(poor.pack, 0), amount: '1.00' }).expect(402);
    expect(p.body.code).toBe('insufficient_funds');
  });

  it('gives a merchant 20 refused codes a minute, then 429 rate_limited even for a good code', async () => {
    const m = await f.merchant({ name: 'Guessing Shop' });
    const c = await payer('Ma Su');
    for (let i = 0; i < 20; i++)
      await charge(m.apiKey, { code: `28${String(1000000000 + i)}123456`, amount: '1.00' }).expect(422);
    const limited = await charge(m.apiKey, { code: await phoneCode(c.pack, 0), amount: '1.00' }).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    // another merchant is not affected
    const other = await f.merchant({ name: 'Honest Shop' });
    await charge(other.apiKey, { code: await phoneCode(c.pack, 0), amount: '1.00' }).expect(201);
  });

  it('above the limit the charge waits for the consumer, who confirms it with the PIN; the merchant sees it succeed', async () => {
    const m = await f.merchant({ name: 'Big Ticket' });
    const c = await payer('Zhang Zhao');
    const tillKey = crypto.randomUUID();
    const tillBody = { code: await phoneCode(c.pack, 0), amount: '25.00' };
    const res = await charge(m.apiKey, tillBody, tillKey).expect(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'awaiting_consumer',
      amount: '25.00',
      currency: 'CNY',
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
    });
    const wait = new Date(res.body.expiresAt).getTime() - Date.now();
    expect(wait).toBeGreaterThan(290_000);
    expect(wait).toBeLessThanOrEqual(300_000);
    expect(await f.wallet(c.token)).toBe('100.00');
    const list = await http()
      .get('/v1/me/charges')
      .set(...bearer(c.token))
      .expect(200);
    expect(list.body.data).toEqual([
      {
        id: res.body.id,
        merchant: { id: m.id, name: 'Big Ticket' },
        amount: '25.00',
        currency: 'CNY',
        expiresAt: res.body.expiresAt,
      },
    ]);
    // another consumer sees none of it and cannot confirm it
    const other = await payer('Lü Meng');
    expect(
      (
        await http()
          .get('/v1/me/charges')
          .set(...bearer(other.token))
          .expect(200)
      ).body.data,
    ).toEqual([]);
    await http()
      .post(`/v1/me/charges/${res.body.id}/confirm`)
      .set(...bearer(other.token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ pin: other.pin })
      .expect(404);
    const wrongPin = c.pin === '111111' ? '222222' : '111111';
    await http()
      .post(`/v1/me/charges/${res.body.id}/confirm`)
      .set(...bearer(c.token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ pin: wrongPin })
      .expect(401);
    const key = crypto.randomUUID();
    const paid = await http()
      .post(`/v1/me/charges/${res.body.id}/confirm`)
      .set(...bearer(c.token))
      .set('Idempotency-Key', key)
      .send({ pin: c.pin })
      .expect(201);
    expect(paid.body).toMatchObject({
      status: 'succeeded',
      amount: '25.00',
      chargeId: res.body.id,
      receipt: expect.any(String),
    });
    expect(await f.wallet(c.token)).toBe('75.00');
    const replay = await http()
      .post(`/v1/me/charges/${res.body.id}/confirm`)
      .set(...bearer(c.token))
      .set('Idempotency-Key', key)
      .send({ pin: c.pin })
      .expect(201);
    expect(replay.body.id).toBe(paid.body.id);
    const twice = await http()
      .post(`/v1/me/charges/${res.body.id}/confirm`)
      .set(...bearer(c.token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ pin: c.pin })
      .expect(409);
    expect(twice.body.code).toBe('charge_not_awaiting');
    expect(await f.wallet(c.token)).toBe('75.00');
    const seen = await http()
      .get(`/v1/merchant/charges/${res.body.id}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(seen.body).toMatchObject({ status: 'succeeded', paymentId: paid.body.id, charged: '25.00' });
    expect(seen.body.expiresAt).toBeUndefined();
    // another merchant cannot see it
    const stranger = await f.merchant({ name: 'Stranger' });
    await http()
      .get(`/v1/merchant/charges/${res.body.id}`)
      .set(...bearer(stranger.apiKey))
      .expect(404);
  });

  it('a waiting charge declined or left to expire moves nothing and cannot be confirmed after', async () => {
    const m = await f.merchant({ name: 'Declined Shop' });
    const c = await payer('Sun Ce');
    const declined = await charge(m.apiKey, { code: await phoneCode(c.pack, 0), amount: '30.00' }).expect(202);
    const d = await http()
      .post(`/v1/me/charges/${declined.body.id}/decline`)
      .set(...bearer(c.token))
      .expect(200);
    expect(d.body.status).toBe('declined');
    expect(
      (
        await http()
          .get(`/v1/merchant/charges/${declined.body.id}`)
          .set(...bearer(m.apiKey))
          .expect(200)
      ).body.status,
    ).toBe('declined');
    await http()
      .post(`/v1/me/charges/${declined.body.id}/decline`)
      .set(...bearer(c.token))
      .expect(409);

    const expiring = await charge(m.apiKey, { code: await phoneCode(c.pack, 1), amount: '30.00' }).expect(202);
    await sql(t, `UPDATE charges SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.body.id]);
    expect(
      (
        await http()
          .get(`/v1/merchant/charges/${expiring.body.id}`)
          .set(...bearer(m.apiKey))
          .expect(200)
      ).body.status,
    ).toBe('expired');
    expect(
      (
        await http()
          .get('/v1/me/charges')
          .set(...bearer(c.token))
          .expect(200)
      ).body.data,
    ).toEqual([]);
    const late = await http()
      .post(`/v1/me/charges/${expiring.body.id}/confirm`)
      .set(...bearer(c.token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ pin: c.pin })
      .expect(409);
    expect(late.body.code).toBe('charge_not_awaiting');
    expect(await f.wallet(c.token)).toBe('100.00');
  });

  it('counts the pack’s day cap exactly under concurrency: 8 charges of 10.00 at once, 5 go through and 3 wait', async () => {
    const m = await f.merchant({ name: 'Rush Hour' });
    const c = await payer('Zhou Tai');
    const codes = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => phoneCode(c.pack, i)));
    const answers = await Promise.all(codes.map((code) => charge(m.apiKey, { code, amount: '10.00' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 202, 202, 202]);
    expect(await f.wallet(c.token)).toBe('50.00');
    // once the cap is reached, even a small charge waits
    const small = await charge(m.apiKey, { code: await phoneCode(c.pack, 8), amount: '0.10' }).expect(202);
    expect(small.body.status).toBe('awaiting_consumer');
  });

  it('is for merchants and consumers as the contract says', async () => {
    const m = await f.merchant({ name: 'Roles' });
    const c = await payer('Xu Sheng');
    const asConsumer = await charge(c.token, { code: await phoneCode(c.pack, 0), amount: '1.00' });
    expect(asConsumer.status).toBe(403);
    await http()
      .get('/v1/me/charges')
      .set(...bearer(m.apiKey))
      .expect(403);
    await http().post('/v1/merchant/charges').send({}).expect(401);
  });
});
