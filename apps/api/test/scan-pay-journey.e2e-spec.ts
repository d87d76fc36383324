import crypto from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { fixtures } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

type Jwk = crypto.JsonWebKey & { kid: string };

/** Verify a compact JWS with plain node:crypto against the JWKS (deliberately not jose). */
function verifyWithJwks(
  token: string,
  jwks: { keys: Jwk[] },
): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid}`);
  const ok = crypto.verify(
    null,
    Buffer.from(`${h}.${p}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('bad signature');
  return { header, payload: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

describe('merchant code → scan → pay → refund', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    f = fixtures(t);
  });
  afterAll(() => t.close());

  // one journey, step by step: each step starts from where the one before left the service
  describe('the whole journey, with exact balances, a verifiable token and receipt', () => {
    let m: Awaited<ReturnType<typeof f.merchant>>;
    let code: Awaited<ReturnType<typeof f.code>>;
    let k: Awaited<ReturnType<typeof f.consumer>>;
    let scanToken: string;
    let jwks: { keys: Jwk[] };
    let paymentId: string;
    const feeRevenue = async () =>
      (
        await request(t.http)
          .get('/v1/finance/trial-balance?currency=CNY')
          .set('Authorization', `Bearer ${f.admin}`)
          .expect(200)
      ).body as { balanced: boolean; accounts: Array<{ code: string; balance: string }> };

    it('a merchant’s static code renders to a PNG that decodes back to exactly its payload', async () => {
      m = await f.merchant({ feeRate: '0.006' });
      code = await f.code(m.apiKey, { label: 'Counter 1' });
      const png = await request(t.http)
        .get(`/v1/merchant/qr-codes/${code.id}/image.png`)
        .set('Authorization', `Bearer ${m.apiKey}`)
        .expect(200);
      expect(png.headers['content-type']).toMatch(/^image\/png/);
      const img = PNG.sync.read(png.body);
      expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(code.payload);
    });

    it('a topped-up consumer scans it and gets a short-lived scan token signed with a key of the JWKS', async () => {
      k = await f.consumer();
      await f.topup(k.id, '100.00');
      const s = await f.scan(k.token, code.payload).expect(200);
      expect(s.body.merchant).toEqual({ id: m.id, name: 'Noodle Bar', city: 'Shanghai' });
      expect(s.body.codeId).toBe(code.id);
      jwks = (await request(t.http).get('/.well-known/jwks.json').expect(200)).body;
      const token = verifyWithJwks(s.body.token, jwks);
      expect(token.header.typ).toBe('saoma-scan+jwt');
      expect(token.payload).toMatchObject({ code: code.id, merchant: m.id, currency: 'CNY', jti: expect.any(String) });
      expect((token.payload.exp as number) - (token.payload.iat as number)).toBeLessThanOrEqual(600);
      scanToken = s.body.token;
    });

    it('pays 12.30 with it: a signed receipt without the consumer’s id, exact balances, the fee booked', async () => {
      const paid = await f.pay(k.token, { token: scanToken, amount: '12.30' }).expect(201);
      expect(paid.body).toMatchObject({
        status: 'succeeded',
        amount: '12.30',
        discount: '0.00',
        charged: '12.30',
        currency: 'CNY',
        merchant: { id: m.id, name: 'Noodle Bar' },
        codeId: code.id,
      });
      paymentId = paid.body.id;
      const receipt = verifyWithJwks(paid.body.receipt, jwks);
      expect(receipt.header.typ).toBe('saoma-receipt+jwt');
      expect(receipt.payload.exp).toBeUndefined();
      expect(receipt.payload).toMatchObject({ payment: paymentId, code: code.id, merchant: m.id, amount: '12.30' });
      expect(JSON.stringify(receipt.payload)).not.toContain(k.id);
      expect(await f.wallet(k.token)).toBe('87.70');
      // fee 12.30 × 0.006 = 0.0738 → 0.07
      expect(await f.merchantBalance(m.apiKey)).toBe('12.23');
      const tb = await feeRevenue();
      expect(tb.balanced).toBe(true);
      expect(tb.accounts.find((a) => a.code === 'platform:fee_revenue:CNY')!.balance).toBe('0.07');
    });

    it('the merchant sees the payment under a pseudonym, never the consumer', async () => {
      const list = await request(t.http)
        .get('/v1/merchant/payments')
        .set('Authorization', `Bearer ${m.apiKey}`)
        .expect(200);
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0].payer).toMatch(/^payer_/);
      for (const needle of [k.id, k.name, k.phone, k.phone.slice(1)])
        expect(JSON.stringify(list.body)).not.toContain(needle);
    });

    it('refunds in two parts, never beyond the payment; fully refunded, no fee is left', async () => {
      const r1 = await f.refund(m.apiKey, paymentId, '2.30').expect(201);
      expect(r1.body).toMatchObject({ paymentId, amount: '2.30', toConsumer: '2.30', currency: 'CNY' });
      expect(await f.wallet(k.token)).toBe('90.00');
      await f
        .refund(m.apiKey, paymentId, '10.01')
        .expect(422)
        .expect((res) => expect(res.body.code).toBe('refund_exceeds_payment'));
      await f.refund(m.apiKey, paymentId, '10.00').expect(201);
      expect(await f.wallet(k.token)).toBe('100.00');
      expect(await f.merchantBalance(m.apiKey)).toBe('0.00');
      expect((await feeRevenue()).accounts.find((a) => a.code === 'platform:fee_revenue:CNY')!.balance).toBe('0.00');
    });

    it('the consumer’s statement shows it all, and the payment is the consumer’s alone', async () => {
      const tx = (
        await request(t.http).get('/v1/me/transactions').set('Authorization', `Bearer ${k.token}`).expect(200)
      ).body.data;
      expect(tx.map((l: { type: string; amount: string }) => `${l.type} ${l.amount}`)).toEqual([
        'refund 10.00',
        'refund 2.30',
        'payment -12.30',
        'topup 100.00',
      ]);
      expect(tx[0].paymentId).toBe(paymentId);
      expect(tx[2].merchant).toEqual({ id: m.id, name: 'Noodle Bar' });
      const consumerView = await request(t.http)
        .get(`/v1/payments/${paymentId}`)
        .set('Authorization', `Bearer ${k.token}`)
        .expect(200);
      expect(consumerView.body.id).toBe(paymentId);
      const other = await f.consumer('Han Meimei');
      await request(t.http).get(`/v1/payments/${paymentId}`).set('Authorization', `Bearer ${other.token}`).expect(404);
    });
  });

  it('applies the amount rules of fixed and open codes', async () => {
    const m = await f.merchant();
    const fixed = await f.code(m.apiKey, { amount: '25.00' });
    const open = await f.code(m.apiKey);
    const k = await f.consumer();
    await f.topup(k.id, '100.00');
    const s1 = await f.scan(k.token, fixed.payload).expect(200);
    expect(s1.body.amount).toBe('25.00');
    await f
      .pay(k.token, { token: s1.body.token, amount: '24.00' })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('amount_mismatch'));
    const s2 = await f.scan(k.token, open.payload).expect(200);
    await f
      .pay(k.token, { token: s2.body.token })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('amount_required'));
    await f
      .pay(k.token, { token: s2.body.token, amount: '1.234' })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('invalid_amount'));
    await f.pay(k.token, { token: s1.body.token }).expect(201);
    expect(await f.wallet(k.token)).toBe('75.00');
  });

  it('refuses a payment above the balance, or in a currency the consumer does not hold, and moves nothing', async () => {
    const m = await f.merchant();
    const code = await f.code(m.apiKey, { amount: '50.00' });
    const k = await f.consumer();
    const s0 = await f.scan(k.token, code.payload).expect(200);
    await f
      .pay(k.token, { token: s0.body.token })
      .expect(402)
      .expect((r) => expect(r.body.code).toBe('insufficient_funds'));
    await f.topup(k.id, '49.99');
    const s = await f.scan(k.token, code.payload).expect(200);
    await f
      .pay(k.token, { token: s.body.token })
      .expect(402)
      .expect((r) => expect(r.body.code).toBe('insufficient_funds'));
    expect(await f.wallet(k.token)).toBe('49.99');
    expect(await f.merchantBalance(m.apiKey)).toBe('0.00');
  });

  it('asks for the PIN above the no-PIN limit and checks it', async () => {
    const m = await f.merchant();
    const code = await f.code(m.apiKey);
    const k = await f.consumer();
    await f.topup(k.id, '5000.00');
    const s = await f.scan(k.token, code.payload).expect(200);
    await f
      .pay(k.token, { token: s.body.token, amount: '1000.01' })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('pin_required'));
    await f
      .pay(k.token, { token: s.body.token, amount: '1000.01', pin: '000000' })
      .expect(401)
      .expect((r) => expect(r.body.code).toBe('invalid_credentials'));
    await f.pay(k.token, { token: s.body.token, amount: '1000.01', pin: k.pin }).expect(201);
    const s2 = await f.scan(k.token, code.payload).expect(200);
    await f.pay(k.token, { token: s2.body.token, amount: '1000.00' }).expect(201);
  });

  it('refuses scans of codes that are not ours, unknown, malformed or disabled', async () => {
    const m = await f.merchant();
    const k = await f.consumer();
    const promptPay = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';
    await f
      .scan(k.token, promptPay)
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('code_not_found'));
    await f
      .scan(k.token, 'hello world')
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('invalid_qr'));
    await f
      .scan(k.token, promptPay.slice(0, -1) + '8')
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('invalid_qr'));
    const code = await f.code(m.apiKey);
    const decoded = await request(t.http).post('/v1/qr/decode').send({ payload: code.payload }).expect(200);
    const template = decoded.body.fields.find((x: { id: string }) => x.id === '26');
    const url: string = template.fields.find((x: { id: string }) => x.id === '01').value;
    expect(url).toMatch(/\/c\/[A-Z0-9]+$/);
    await f.scan(k.token, url).expect(200);
    await f.scan(k.token, url.replace(/\/c\/.*/, '/c/NOSUCHCODE')).expect(404);
    await request(t.http)
      .post(`/v1/merchant/qr-codes/${code.id}/disable`)
      .set('Authorization', `Bearer ${m.apiKey}`)
      .expect(200);
    await f
      .scan(k.token, code.payload)
      .expect(410)
      .expect((r) => expect(r.body.code).toBe('code_disabled'));
  });

  it('refuses forged, altered, expired and foreign tokens with invalid_token, moving nothing', async () => {
    const m = await f.merchant();
    const code = await f.code(m.apiKey, { amount: '5.00' });
    const k = await f.consumer();
    await f.topup(k.id, '100.00');
    const s = await f.scan(k.token, code.payload).expect(200);
    const [h, p, sig] = s.body.token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const foreign = crypto.generateKeyPairSync('ed25519');
    const signWith = (hd: object, pl: object) => {
      const input = `${enc(hd)}.${enc(pl)}`;
      return `${input}.${crypto.sign(null, Buffer.from(input), foreign.privateKey).toString('base64url')}`;
    };
    const tampered = `${h}.${enc({ ...payload, amount: '0.01' })}.${sig}`;
    const oneChar = `${h}.${p.slice(0, 10)}${p[10] === 'A' ? 'B' : 'A'}${p.slice(11)}.${sig}`;
    const foreignKey = signWith(header, payload);
    const none = `${enc({ alg: 'none', typ: 'saoma-scan+jwt', kid: header.kid })}.${enc(payload)}.`;
    const expired = signWith(header, { ...payload, exp: Math.floor(Date.now() / 1000) - 10 });
    const other = await f.consumer('Other');
    for (const token of [tampered, oneChar, foreignKey, none, expired, 'garbage']) {
      const res = await f.pay(k.token, { token }).expect(422);
      expect(res.body.code).toBe('invalid_token');
    }
    // a token issued to another consumer
    await f
      .pay(other.token, { token: s.body.token })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('invalid_token'));
    // a receipt is not a scan token
    const paid = await f.pay(k.token, { token: s.body.token }).expect(201);
    await f
      .pay(k.token, { token: paid.body.receipt })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('invalid_token'));
    expect(await f.wallet(k.token)).toBe('95.00');
  });

  it('pays a token at most once: 10 idempotency keys at once give one payment', async () => {
    const m = await f.merchant();
    const code = await f.code(m.apiKey, { amount: '3.00' });
    const k = await f.consumer();
    await f.topup(k.id, '100.00');
    const s = await f.scan(k.token, code.payload).expect(200);
    const results = await Promise.all(Array.from({ length: 10 }, () => f.pay(k.token, { token: s.body.token })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(
      results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.code === 'token_already_used'),
    ).toBe(true);
    expect(await f.wallet(k.token)).toBe('97.00');
  });

  it('pays a dynamic order once when 20 consumers race for it, and refuses it afterwards', async () => {
    const m = await f.merchant();
    const order = await f.order(m.apiKey, '8.80');
    expect(order.status).toBe('open');
    const consumers = await Promise.all(Array.from({ length: 20 }, (_, i) => f.consumer(`Racer ${i}`)));
    await Promise.all(consumers.map((c) => f.topup(c.id, '10.00')));
    const scans = await Promise.all(consumers.map((c) => f.scan(c.token, order.payload)));
    expect(scans.every((s) => s.status === 200 && s.body.orderId === order.id && s.body.amount === '8.80')).toBe(true);
    const pays = await Promise.all(consumers.map((c, i) => f.pay(c.token, { token: scans[i].body.token })));
    expect(pays.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      pays.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.code === 'order_not_payable'),
    ).toBe(true);
    const got = await request(t.http)
      .get(`/v1/merchant/orders/${order.id}`)
      .set('Authorization', `Bearer ${m.apiKey}`)
      .expect(200);
    expect(got.body.status).toBe('paid');
    expect(got.body.paymentId).toBe(pays.find((r) => r.status === 201)!.body.id);
    await f.scan(consumers[0].token, order.payload).expect(409);
    await request(t.http)
      .post(`/v1/merchant/orders/${order.id}/cancel`)
      .set('Authorization', `Bearer ${m.apiKey}`)
      .expect(409);
  });

  it('refuses a payment that arrives after the order expired, even with a scan in time', async () => {
    const m = await f.merchant();
    // the payer first (a registration hashes a PIN: slow on a busy machine), then the 2-second order
    const k = await f.consumer();
    await f.topup(k.id, '10.00');
    const order = await f.order(m.apiKey, '1.00', undefined, 2);
    const s = await f.scan(k.token, order.payload).expect(200);
    expect(Date.parse(s.body.expiresAt)).toBeLessThanOrEqual(Date.parse(order.expiresAt));
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(order.expiresAt) - Date.now()) + 100));
    const res = await f.pay(k.token, { token: s.body.token });
    expect(res.status).toBe(422); // the token's exp is the order's expiry
    expect(['invalid_token', 'order_not_payable']).toContain(res.body.code);
    expect(await f.wallet(k.token)).toBe('10.00');
    const got = await request(t.http)
      .get(`/v1/merchant/orders/${order.id}`)
      .set('Authorization', `Bearer ${m.apiKey}`)
      .expect(200);
    expect(got.body.status).toBe('expired');
  });

  it('keeps an order reference idempotent and cancels an open order', async () => {
    const m = await f.merchant();
    const o = await f.order(m.apiKey, '9.90', 'TILL-1');
    const again = await request(t.http)
      .post('/v1/merchant/orders')
      .set('Authorization', `Bearer ${m.apiKey}`)
      .send({ amount: '9.90', reference: 'TILL-1' })
      .expect(200);
    expect(again.body.id).toBe(o.id);
    await request(t.http)
      .post('/v1/merchant/orders')
      .set('Authorization', `Bearer ${m.apiKey}`)
      .send({ amount: '9.91', reference: 'TILL-1' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('duplicate_reference'));
    const c = await request(t.http)
      .post(`/v1/merchant/orders/${o.id}/cancel`)
      .set('Authorization', `Bearer ${m.apiKey}`)
      .expect(200);
    expect(c.body.status).toBe('cancelled');
    const k = await f.consumer();
    await f
      .scan(k.token, o.payload)
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('order_not_payable'));
    const other = await f.merchant({ name: 'Other' });
    await request(t.http).get(`/v1/merchant/orders/${o.id}`).set('Authorization', `Bearer ${other.apiKey}`).expect(404);
  });

  it('gives 5 discounts of a budget for 5 when 20 pay at once, funded as declared', async () => {
    const m = await f.merchant({ feeRate: '0' });
    const now = Date.now();
    await f.promotion({
      merchantId: m.id,
      fundedBy: 'platform',
      amountOff: '2.00',
      budget: '10.00',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
    });
    const code = await f.code(m.apiKey, { amount: '10.00' });
    const consumers = await Promise.all(Array.from({ length: 20 }, (_, i) => f.consumer(`Buyer ${i}`)));
    await Promise.all(consumers.map((c) => f.topup(c.id, '10.00')));
    const scans = await Promise.all(consumers.map((c) => f.scan(c.token, code.payload).expect(200)));
    const pays = await Promise.all(consumers.map((c, i) => f.pay(c.token, { token: scans[i].body.token })));
    expect(pays.filter((r) => r.status !== 201).map((r) => [r.status, r.body])).toEqual([]);
    expect(pays.filter((r) => r.body.discount === '2.00')).toHaveLength(5);
    expect(pays.filter((r) => r.body.discount === '0.00')).toHaveLength(15);
    // platform-funded: the merchant gets the full amount
    expect(await f.merchantBalance(m.apiKey)).toBe('200.00');
    const tb = (
      await request(t.http)
        .get('/v1/finance/trial-balance?currency=CNY')
        .set('Authorization', `Bearer ${f.admin}`)
        .expect(200)
    ).body;
    expect(tb.accounts.find((a: { code: string }) => a.code === 'platform:marketing_expense:CNY').balance).toBe(
      '10.00',
    );
  });

  it('refuses each of 30 parallel payments the wallet cannot cover with 402, and replays each refusal under its key', async () => {
    const m = await f.merchant();
    const code = await f.code(m.apiKey);
    const k = await f.consumer();
    await f.topup(k.id, '25.00');
    const scans = await Promise.all(Array.from({ length: 30 }, () => f.scan(k.token, code.payload).expect(200)));
    const keys = scans.map(() => crypto.randomUUID());
    const pays = await Promise.all(
      scans.map((s, i) => f.pay(k.token, { token: s.body.token, amount: '10.00' }, keys[i])),
    );
    expect(pays.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = pays
      .map((r, i) => ({ r, key: keys[i], token: scans[i].body.token as string }))
      .filter((x) => x.r.status !== 201);
    expect(refused.map((x) => [x.r.status, x.r.body.code])).toEqual(Array(28).fill([402, 'insufficient_funds']));
    await f.topup(k.id, '500.00');
    // the same key gets the same refusal, even now that the wallet could pay
    const again = await Promise.all(refused.map((x) => f.pay(k.token, { token: x.token, amount: '10.00' }, x.key)));
    expect(again.map((r, i) => [r.status, r.text === refused[i].r.text])).toEqual(Array(28).fill([402, true]));
    expect(await f.wallet(k.token)).toBe('505.00');
  });

  it('takes a merchant-funded discount from the merchant and gives back exactly charged on a full refund', async () => {
    const m = await f.merchant({ feeRate: '0.01' });
    const now = Date.now();
    await f.promotion({
      merchantId: m.id,
      fundedBy: 'merchant',
      percentOff: '10',
      minSpend: '5.00',
      maxDiscount: '3.00',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
    });
    const code = await f.code(m.apiKey);
    const k = await f.consumer();
    await f.topup(k.id, '100.00');
    const small = await f.scanAndPay(k.token, code.payload, '4.99');
    expect(small.discount).toBe('0.00');
    const p = await f.scanAndPay(k.token, code.payload, '33.33');
    // 10 % = 3.333 → capped at 3.00; fee 0.3333 → 0.33; merchant gets 33.33 − 3.00 − 0.33
    expect(p).toMatchObject({ amount: '33.33', discount: '3.00', charged: '30.33' });
    expect(await f.merchantBalance(m.apiKey)).toBe(String((4.99 - 0.05 + 30.0).toFixed(2)));
    const r1 = await f.refund(m.apiKey, p.id, '11.11').expect(201);
    // a third of the amount: the consumer gets a third of charged, 10.11
    expect(r1.body.toConsumer).toBe('10.11');
    await f.refund(m.apiKey, p.id, '22.22').expect(201);
    expect(await f.wallet(k.token)).toBe((100 - 4.99).toFixed(2));
    expect(await f.merchantBalance(m.apiKey)).toBe('4.94');
  });
});
