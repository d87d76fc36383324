import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  ADMIN,
  bearer,
  createMerchant,
  createOperator,
  freshKey,
  freshPhone,
  merchantBody,
  registerConsumer,
  sql,
  topUp,
  walletsOf,
} from '../../../test/support/api-fixtures';

/** Change the last character of a credential to another character of the same alphabet. */
function tamper(key: string): string {
  const last = key.slice(-1);
  return key.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST /v1/operators', () => {
    it('lets the admin create a finance operator whose new key works on a finance route', async () => {
      const res = await request(t.http)
        .post('/v1/operators')
        .set(...bearer(ADMIN))
        .send({ name: 'Finance desk', role: 'finance' })
        .expect(201);
      expect(res.body).toEqual({
        operator: { id: expect.any(String), name: 'Finance desk', role: 'finance' },
        apiKey: expect.any(String),
      });
      const consumer = await registerConsumer(t);
      const topup = await request(t.http)
        .post('/v1/topups')
        .set(...bearer(res.body.apiKey))
        .set('Idempotency-Key', freshKey())
        .send({ consumerId: consumer.id, amount: '10.00', currency: 'CNY', bankReference: freshKey('BANK') });
      expect(topup.status).toBe(201);
    });

    it('lets the admin create another admin whose new key can itself create operators and merchants', async () => {
      const res = await request(t.http)
        .post('/v1/operators')
        .set(...bearer(ADMIN))
        .send({ name: 'Second admin', role: 'admin' })
        .expect(201);
      expect(res.body.operator).toEqual({ id: expect.any(String), name: 'Second admin', role: 'admin' });
      const key: string = res.body.apiKey;
      await request(t.http)
        .post('/v1/operators')
        .set(...bearer(key))
        .send({ name: 'Third', role: 'finance' })
        .expect(201);
      await request(t.http)
        .post('/v1/merchants')
        .set(...bearer(key))
        .send(merchantBody())
        .expect(201);
    });

    it('refuses a finance operator creating operators with 403', async () => {
      const finance = await createOperator(t, 'finance');
      const res = await request(t.http)
        .post('/v1/operators')
        .set(...bearer(finance.apiKey))
        .send({ name: 'Sneaky', role: 'admin' })
        .expect(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('refuses consumers and merchants with 403 and a missing credential with 401', async () => {
      const consumer = await registerConsumer(t);
      const merchant = await createMerchant(t);
      const body = { name: 'X', role: 'admin' };
      expect(
        (
          await request(t.http)
            .post('/v1/operators')
            .set(...bearer(consumer.token))
            .send(body)
        ).status,
      ).toBe(403);
      expect(
        (
          await request(t.http)
            .post('/v1/operators')
            .set(...bearer(merchant.apiKey))
            .send(body)
        ).status,
      ).toBe(403);
      const none = await request(t.http).post('/v1/operators').send(body).expect(401);
      expect(none.body.code).toBe('unauthorized');
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('refuses an unknown role with 400 validation_failed', async () => {
      for (const role of ['root', 'merchant', 'consumer', '', 'ADMIN']) {
        const res = await request(t.http)
          .post('/v1/operators')
          .set(...bearer(ADMIN))
          .send({ name: 'Desk', role });
        expect({ role, status: res.status, code: res.body.code }).toEqual({
          role,
          status: 400,
          code: 'validation_failed',
        });
      }
    });

    it('refuses a wrong bootstrap admin key with 401', async () => {
      const res = await request(t.http)
        .post('/v1/operators')
        .set(...bearer(`${ADMIN}x`))
        .send({ name: 'X', role: 'admin' })
        .expect(401);
      expect(res.body.code).toBe('unauthorized');
    });

    it('refuses a tampered operator key (last character changed) with 401', async () => {
      const admin = await createOperator(t, 'admin');
      const res = await request(t.http)
        .post('/v1/operators')
        .set(...bearer(tamper(admin.apiKey)))
        .send({ name: 'X', role: 'finance' })
        .expect(401);
      expect(res.body.code).toBe('unauthorized');
    });
  });

  describe('POST /v1/consumers', () => {
    it('registers a consumer and returns a token that works on GET /v1/me', async () => {
      const phone = freshPhone();
      const res = await request(t.http)
        .post('/v1/consumers')
        .send({ name: 'Han Meimei', phone, pin: '135790' })
        .expect(201);
      expect(res.body).toEqual({
        consumer: { id: expect.any(String), name: 'Han Meimei', phone },
        token: expect.any(String),
      });
      const me = await request(t.http)
        .get('/v1/me')
        .set(...bearer(res.body.token))
        .expect(200);
      expect(me.body).toEqual({ id: res.body.consumer.id, name: 'Han Meimei', phone });
    });

    it('refuses a phone that is taken with 409 phone_taken', async () => {
      const first = await registerConsumer(t);
      const res = await request(t.http)
        .post('/v1/consumers')
        .send({ name: 'Someone else', phone: first.phone, pin: '111111' })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'phone_taken' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it.each([
      ['a phone without +', { phone: '8613800138000', pin: '123456' }],
      ['a phone too short', { phone: '+86123', pin: '123456' }],
      ['a phone with letters', { phone: '+86138001380ab', pin: '123456' }],
      ['a phone starting with 0', { phone: '+0613800138000', pin: '123456' }],
      ['a pin of 5 digits', { phone: '+8613800138111', pin: '12345' }],
      ['a pin of 7 digits', { phone: '+8613800138112', pin: '1234567' }],
      ['a pin with letters', { phone: '+8613800138113', pin: '12345a' }],
      ['a pin as a JSON number', { phone: '+8613800138114', pin: 123456 }],
    ])('refuses %s with 400 validation_failed', async (_label, fields) => {
      const res = await request(t.http)
        .post('/v1/consumers')
        .send({ name: 'Bad', ...fields })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });

    it('stores the PIN only as a scrypt hash', async () => {
      const pin = '864209';
      const consumer = await registerConsumer(t, { pin });
      const c = new Client({ connectionString: t.db.url });
      await c.connect();
      try {
        const { rows } = await c.query(`SELECT * FROM consumers WHERE id = $1`, [consumer.id]);
        expect(rows).toHaveLength(1);
        const row = rows[0] as Record<string, unknown>;
        expect(String(row.pin_hash)).toMatch(/^scrypt\$/);
        expect(String(row.pin_hash)).not.toContain(pin);
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string')
            expect({ column, containsPin: value.includes(pin) }).toEqual({ column, containsPin: false });
        }
      } finally {
        await c.end();
      }
    });
  });

  describe('POST /v1/consumers/sessions', () => {
    it('signs in with the right PIN: 201 {token, expiresAt}, and the token works', async () => {
      const consumer = await registerConsumer(t);
      const res = await request(t.http)
        .post('/v1/consumers/sessions')
        .send({ phone: consumer.phone, pin: consumer.pin })
        .expect(201);
      expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      expect(res.body.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const me = await request(t.http)
        .get('/v1/me')
        .set(...bearer(res.body.token))
        .expect(200);
      expect(me.body.id).toBe(consumer.id);
    });

    it('refuses a wrong PIN with 401 invalid_credentials', async () => {
      const consumer = await registerConsumer(t, { pin: '222222' });
      const res = await request(t.http)
        .post('/v1/consumers/sessions')
        .send({ phone: consumer.phone, pin: '333333' })
        .expect(401);
      expect(res.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    });

    it('refuses an unknown phone with 401 invalid_credentials, like a wrong PIN', async () => {
      const res = await request(t.http)
        .post('/v1/consumers/sessions')
        .send({ phone: freshPhone(), pin: '123456' })
        .expect(401);
      expect(res.body.code).toBe('invalid_credentials');
    });

    it('locks the account after 5 wrong PINs in a row: the right PIN then gets 429 too_many_attempts', async () => {
      const consumer = await registerConsumer(t, { pin: '505050' });
      for (let i = 1; i <= 5; i++) {
        const wrong = await request(t.http)
          .post('/v1/consumers/sessions')
          .send({ phone: consumer.phone, pin: '000000' });
        expect({ attempt: i, status: wrong.status, code: wrong.body.code }).toEqual({
          attempt: i,
          status: 401,
          code: 'invalid_credentials',
        });
      }
      const right = await request(t.http)
        .post('/v1/consumers/sessions')
        .send({ phone: consumer.phone, pin: consumer.pin })
        .expect(429);
      expect(right.body).toMatchObject({ status: 429, code: 'too_many_attempts' });
      // an existing session is not what is locked: only new sign-ins
      await request(t.http)
        .get('/v1/me')
        .set(...bearer(consumer.token))
        .expect(200);
    });

    it('resets the count of wrong PINs on a right PIN before the fifth failure', async () => {
      const consumer = await registerConsumer(t, { pin: '606060' });
      for (let round = 1; round <= 2; round++) {
        for (let i = 1; i <= 4; i++) {
          await request(t.http)
            .post('/v1/consumers/sessions')
            .send({ phone: consumer.phone, pin: '999999' })
            .expect(401);
        }
        const right = await request(t.http)
          .post('/v1/consumers/sessions')
          .send({ phone: consumer.phone, pin: consumer.pin });
        expect({ round, status: right.status }).toEqual({ round, status: 201 });
      }
    });

    it('refuses a malformed sign-in body with 400 validation_failed', async () => {
      const res = await request(t.http)
        .post('/v1/consumers/sessions')
        .send({ phone: 'not-a-phone', pin: '1' })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('GET /v1/me', () => {
    it('returns the consumer of the token', async () => {
      const a = await registerConsumer(t, { name: 'Alice' });
      const b = await registerConsumer(t, { name: 'Bob' });
      expect(
        (
          await request(t.http)
            .get('/v1/me')
            .set(...bearer(a.token))
            .expect(200)
        ).body,
      ).toEqual({ id: a.id, name: 'Alice', phone: a.phone });
      expect(
        (
          await request(t.http)
            .get('/v1/me')
            .set(...bearer(b.token))
            .expect(200)
        ).body,
      ).toEqual({ id: b.id, name: 'Bob', phone: b.phone });
    });

    it('refuses no credential with 401, a forged token with 401, and a merchant with 403', async () => {
      const a = await registerConsumer(t);
      const merchant = await createMerchant(t);
      expect((await request(t.http).get('/v1/me')).status).toBe(401);
      const [h, p, s] = a.token.split('.');
      const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(
        (
          await request(t.http)
            .get('/v1/me')
            .set(...bearer(forged))
        ).status,
      ).toBe(401);
      expect((await request(t.http).get('/v1/me').set('Authorization', a.token)).status).toBe(401);
      expect(
        (
          await request(t.http)
            .get('/v1/me')
            .set(...bearer(merchant.apiKey))
        ).status,
      ).toBe(403);
    });
  });

  describe('GET /v1/me/wallets', () => {
    it('is empty at first, has one CNY wallet after a top-up, and a second wallet for a second currency', async () => {
      const c = await registerConsumer(t);
      expect(
        (
          await request(t.http)
            .get('/v1/me/wallets')
            .set(...bearer(c.token))
            .expect(200)
        ).body,
      ).toEqual({ data: [] });

      await topUp(t, c.id, '100.00', 'CNY');
      expect(
        (
          await request(t.http)
            .get('/v1/me/wallets')
            .set(...bearer(c.token))
            .expect(200)
        ).body,
      ).toEqual({ data: [{ currency: 'CNY', balance: '100.00' }] });

      await topUp(t, c.id, '25.50', 'CNY');
      await topUp(t, c.id, '500', 'JPY');
      const res = await request(t.http)
        .get('/v1/me/wallets')
        .set(...bearer(c.token))
        .expect(200);
      expect(res.body.data).toHaveLength(2);
      expect(res.body.data).toEqual(
        expect.arrayContaining([
          { currency: 'CNY', balance: '125.50' },
          { currency: 'JPY', balance: '500' },
        ]),
      );
    });

    it('shows a consumer only their own wallets', async () => {
      const a = await registerConsumer(t);
      const b = await registerConsumer(t);
      await topUp(t, a.id, '42.00', 'CNY');
      expect(await walletsOf(t, a.token)).toEqual({ CNY: '42.00' });
      expect(await walletsOf(t, b.token)).toEqual({});
    });
  });

  describe('GET /v1/me/transactions', () => {
    it('lists statement lines newest first, signed, adding up to the wallet balance', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '100.00', 'CNY');
      await request(t.http)
        .post('/v1/me/withdrawals')
        .set(...bearer(c.token))
        .set('Idempotency-Key', freshKey())
        .send({ amount: '30.00', currency: 'CNY' })
        .expect(201);

      const res = await request(t.http)
        .get('/v1/me/transactions')
        .set(...bearer(c.token))
        .expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.data).toEqual([
        {
          id: expect.any(String),
          type: 'withdrawal',
          amount: '-30.00',
          currency: 'CNY',
          createdAt: expect.any(String),
        },
        { id: expect.any(String), type: 'topup', amount: '100.00', currency: 'CNY', createdAt: expect.any(String) },
      ]);
      const minor = (s: string) => BigInt(s.replace('.', ''));
      const sum = (res.body.data as Array<{ amount: string }>).reduce((acc, l) => acc + minor(l.amount), 0n);
      const wallets = await walletsOf(t, c.token);
      expect(wallets).toEqual({ CNY: '70.00' });
      expect(sum).toBe(minor(wallets.CNY));
    });

    it('is empty for a consumer without money movements', async () => {
      const c = await registerConsumer(t);
      expect(
        (
          await request(t.http)
            .get('/v1/me/transactions')
            .set(...bearer(c.token))
            .expect(200)
        ).body,
      ).toEqual({ data: [], nextCursor: null });
    });

    it('walks every line with ?limit=1 through nextCursor, ending with null', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '100.00', 'CNY');
      await request(t.http)
        .post('/v1/me/withdrawals')
        .set(...bearer(c.token))
        .set('Idempotency-Key', freshKey())
        .send({ amount: '30.00', currency: 'CNY' })
        .expect(201);
      await topUp(t, c.id, '5.25', 'CNY');
      await topUp(t, c.id, '700', 'JPY');

      const all = (
        await request(t.http)
          .get('/v1/me/transactions')
          .set(...bearer(c.token))
          .expect(200)
      ).body;
      expect(all.data).toHaveLength(4);

      const walked: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const req = request(t.http)
          .get('/v1/me/transactions')
          .query(cursor ? { limit: 1, cursor } : { limit: 1 })
          .set(...bearer(c.token));
        const page = (await req.expect(200)).body as { data: unknown[]; nextCursor: string | null };
        expect(page.data.length).toBeLessThanOrEqual(1);
        walked.push(...page.data);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(cursor).toBeNull();
      expect(walked).toEqual(all.data);
      expect((walked as Array<{ type: string; amount: string }>).map((l) => [l.type, l.amount])).toEqual([
        ['topup', '700'],
        ['topup', '5.25'],
        ['withdrawal', '-30.00'],
        ['topup', '100.00'],
      ]);
    });

    it('does not show one consumer the lines of another', async () => {
      const a = await registerConsumer(t);
      const b = await registerConsumer(t);
      await topUp(t, a.id, '9.00', 'CNY');
      expect(
        (
          await request(t.http)
            .get('/v1/me/transactions')
            .set(...bearer(b.token))
            .expect(200)
        ).body.data,
      ).toEqual([]);
    });

    it('refuses a limit above 200 with 400', async () => {
      const c = await registerConsumer(t);
      const res = await request(t.http)
        .get('/v1/me/transactions?limit=201')
        .set(...bearer(c.token))
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('POST /v1/merchants', () => {
    it('lets the admin create a merchant: 201 {merchant, apiKey}, and the key works on GET /v1/merchant', async () => {
      const res = await request(t.http)
        .post('/v1/merchants')
        .set(...bearer(ADMIN))
        .send(merchantBody({ name: 'Dumpling House', city: 'Beijing', feeRate: '0.006' }))
        .expect(201);
      expect(res.body).toEqual({
        merchant: expect.objectContaining({
          id: expect.any(String),
          name: 'Dumpling House',
          city: 'Beijing',
          currency: 'CNY',
          feeRate: '0.006',
        }),
        apiKey: expect.any(String),
      });
      const profile = await request(t.http)
        .get('/v1/merchant')
        .set(...bearer(res.body.apiKey))
        .expect(200);
      expect(profile.body).toMatchObject({
        id: res.body.merchant.id,
        name: 'Dumpling House',
        city: 'Beijing',
        currency: 'CNY',
        feeRate: '0.006',
      });
    });

    it('refuses finance, consumers and merchants with 403, and no credential with 401', async () => {
      const finance = await createOperator(t, 'finance');
      const consumer = await registerConsumer(t);
      const merchant = await createMerchant(t);
      for (const [who, key] of [
        ['finance', finance.apiKey],
        ['consumer', consumer.token],
        ['merchant', merchant.apiKey],
      ]) {
        const res = await request(t.http)
          .post('/v1/merchants')
          .set(...bearer(key))
          .send(merchantBody());
        expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 403, code: 'forbidden' });
      }
      expect((await request(t.http).post('/v1/merchants').send(merchantBody())).status).toBe(401);
    });

    it('refuses a body missing fields with 400 validation_failed', async () => {
      const res = await request(t.http)
        .post('/v1/merchants')
        .set(...bearer(ADMIN))
        .send({ name: 'Half a merchant' })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });

    it('stores the API key only as a hash: no column holds the key or its secret', async () => {
      const merchant = await createMerchant(t);
      const secret = merchant.apiKey.split('_').slice(2).join('_');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const rows = await sql(t, `SELECT * FROM merchants WHERE id = $1`, [merchant.id]);
      expect(rows).toHaveLength(1);
      for (const [column, value] of Object.entries(rows[0])) {
        const text =
          value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
        expect({ column, holdsSecret: text.includes(secret), holdsKey: text.includes(merchant.apiKey) }).toEqual({
          column,
          holdsSecret: false,
          holdsKey: false,
        });
      }
    });
  });

  describe('GET and PATCH /v1/merchant', () => {
    it('returns the merchant its own profile', async () => {
      const a = await createMerchant(t, { name: 'Tea Shop', city: 'Hangzhou', feeRate: '0.0125' });
      const b = await createMerchant(t, { name: 'Bike Repair', city: 'Chengdu' });
      const ra = await request(t.http)
        .get('/v1/merchant')
        .set(...bearer(a.apiKey))
        .expect(200);
      expect(ra.body).toMatchObject({
        id: a.id,
        name: 'Tea Shop',
        city: 'Hangzhou',
        countryCode: 'CN',
        mcc: '5812',
        currency: 'CNY',
        feeRate: '0.0125',
        webhookUrl: null,
      });
      const rb = await request(t.http)
        .get('/v1/merchant')
        .set(...bearer(b.apiKey))
        .expect(200);
      expect(rb.body).toMatchObject({ id: b.id, name: 'Bike Repair' });
    });

    it('sets the webhook URL with PATCH and answers 200 with the profile', async () => {
      const m = await createMerchant(t);
      const url = 'https://till.example/webhooks/saoma';
      const res = await request(t.http)
        .patch('/v1/merchant')
        .set(...bearer(m.apiKey))
        .send({ webhookUrl: url })
        .expect(200);
      expect(res.body).toMatchObject({ id: m.id, webhookUrl: url, name: m.body.name });
      expect(
        (
          await request(t.http)
            .get('/v1/merchant')
            .set(...bearer(m.apiKey))
            .expect(200)
        ).body.webhookUrl,
      ).toBe(url);
    });

    it('refuses a webhook URL that is not http(s) with a 4xx problem and keeps the old one', async () => {
      const m = await createMerchant(t, { webhookUrl: 'https://ok.example/hook' });
      const res = await request(t.http)
        .patch('/v1/merchant')
        .set(...bearer(m.apiKey))
        .send({ webhookUrl: 'ftp://files.example/x' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(
        (
          await request(t.http)
            .get('/v1/merchant')
            .set(...bearer(m.apiKey))
            .expect(200)
        ).body.webhookUrl,
      ).toBe('https://ok.example/hook');
    });

    it('refuses consumers and operators with 403 and no credential with 401', async () => {
      const consumer = await registerConsumer(t);
      expect(
        (
          await request(t.http)
            .get('/v1/merchant')
            .set(...bearer(consumer.token))
        ).status,
      ).toBe(403);
      expect(
        (
          await request(t.http)
            .get('/v1/merchant')
            .set(...bearer(ADMIN))
        ).status,
      ).toBe(403);
      expect(
        (
          await request(t.http)
            .patch('/v1/merchant')
            .set(...bearer(ADMIN))
            .send({ webhookUrl: 'https://x.example' })
        ).status,
      ).toBe(403);
      expect((await request(t.http).get('/v1/merchant')).status).toBe(401);
    });

    it('refuses a tampered merchant API key (last character changed) with 401', async () => {
      const m = await createMerchant(t);
      await request(t.http)
        .get('/v1/merchant')
        .set(...bearer(m.apiKey))
        .expect(200);
      const res = await request(t.http)
        .get('/v1/merchant')
        .set(...bearer(tamper(m.apiKey)))
        .expect(401);
      expect(res.body.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });
  });
});
