import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  ADMIN,
  bearer,
  createMerchant,
  createOperator,
  freshKey,
  registerConsumer,
  sql,
  topUp,
  topupBody,
  walletsOf,
} from '../../../test/support/api-fixtures';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('money in and out', () => {
  let t: TestApp;
  let finance: { id: string; apiKey: string };
  beforeAll(async () => {
    t = await createTestApp();
    finance = await createOperator(t, 'finance');
  });
  afterAll(() => t.close());

  const postTopup = (body: unknown, key: string | null = freshKey(), credential: string | null = ADMIN) => {
    const req = request(t.http).post('/v1/topups');
    if (credential) req.set(...bearer(credential));
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  const withdraw = (token: string, body: unknown, key: string | null = freshKey()) => {
    const req = request(t.http)
      .post('/v1/me/withdrawals')
      .set(...bearer(token));
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  describe('POST /v1/topups', () => {
    it.each(['admin', 'finance'])(
      'lets %s top up a consumer: 201 with the top-up, credited to the wallet',
      async (who) => {
        const c = await registerConsumer(t);
        const key = who === 'admin' ? ADMIN : finance.apiKey;
        const body = topupBody(c.id, '100.00', 'CNY', `BANK-${who}-${Date.now()}`);
        const res = await postTopup(body, freshKey(), key).expect(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          consumerId: c.id,
          amount: '100.00',
          currency: 'CNY',
          bankReference: body.bankReference,
          createdAt: expect.stringMatching(RFC3339_UTC),
        });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(await walletsOf(t, c.token)).toEqual({ CNY: '100.00' });
      },
    );

    it.each([
      ['100', 'CNY', '100.00'],
      ['12.3', 'CNY', '12.30'],
      ['0.01', 'CNY', '0.01'],
      ['500', 'JPY', '500'],
      ['1.250', 'BHD', '1.250'],
      ['7', 'KWD', '7.000'],
      ['999999999999.99', 'USD', '999999999999.99'],
    ])('prints amount %s %s as exactly the minor digits: %s', async (amount, currency, printed) => {
      const c = await registerConsumer(t);
      const res = await postTopup(topupBody(c.id, amount, currency)).expect(201);
      expect(res.body).toMatchObject({ amount: printed, currency });
      expect(await walletsOf(t, c.token)).toEqual({ [currency]: printed });
    });

    it('requires an Idempotency-Key: 400 idempotency_key_required, nothing credited', async () => {
      const c = await registerConsumer(t);
      const res = await postTopup(topupBody(c.id), null).expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'idempotency_key_required' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await walletsOf(t, c.token)).toEqual({});
    });

    describe('refuses invalid amounts with 422 invalid_amount and credits nothing', () => {
      let consumer: Awaited<ReturnType<typeof registerConsumer>>;
      beforeAll(async () => {
        consumer = await registerConsumer(t);
      });

      it.each<[string, unknown, string]>([
        ['a sign', '-1.00', 'CNY'],
        ['a plus sign', '+1.00', 'CNY'],
        ['an exponent', '1e3', 'CNY'],
        ['a leading space', ' 1.00', 'CNY'],
        ['a trailing space', '1.00 ', 'CNY'],
        ['a JSON number', 12.3, 'CNY'],
        ['a JSON integer', 100, 'CNY'],
        ['zero', '0', 'CNY'],
        ['zero with decimals', '0.00', 'CNY'],
        ['three decimals in CNY', '1.234', 'CNY'],
        ['13 digits before the point', '1234567890123.00', 'CNY'],
        ['decimals in JPY', '1.5', 'JPY'],
        ['a comma', '1,00', 'CNY'],
        ['a bare point', '1.', 'CNY'],
        ['no integer part', '.5', 'CNY'],
        ['an empty string', '', 'CNY'],
        ['null', null, 'CNY'],
      ])('%s (%p %s)', async (_label, amount, currency) => {
        const res = await postTopup({
          consumerId: consumer.id,
          amount,
          currency,
          bankReference: freshKey('BANK'),
        }).expect(422);
        expect(res.body).toMatchObject({ status: 422, code: 'invalid_amount' });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await walletsOf(t, consumer.token)).toEqual({});
      });

      it('has booked no ledger entry for the consumer', async () => {
        const rows = await sql<{ n: string }>(
          t,
          `SELECT count(*) AS n FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.owner_type = 'consumer' AND a.owner_id = $1`,
          [consumer.id],
        );
        expect(rows[0].n).toBe('0');
      });
    });

    it('refuses an unknown consumer with 404 consumer_not_found', async () => {
      const res = await postTopup(topupBody('00000000-0000-4000-8000-000000000000')).expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'consumer_not_found' });
    });

    it('refuses an unsupported currency with 422', async () => {
      const c = await registerConsumer(t);
      const res = await postTopup(topupBody(c.id, '10.00', 'XYZ')).expect(422);
      expect(res.body).toMatchObject({ status: 422, code: 'unsupported_currency' });
      expect(await walletsOf(t, c.token)).toEqual({});
    });

    it('refuses a merchant and a consumer with 403, and no credential with 401', async () => {
      const c = await registerConsumer(t);
      const m = await createMerchant(t);
      expect((await postTopup(topupBody(c.id), freshKey(), m.apiKey)).status).toBe(403);
      expect((await postTopup(topupBody(c.id), freshKey(), c.token)).status).toBe(403);
      expect((await postTopup(topupBody(c.id), freshKey(), null)).status).toBe(401);
      expect(await walletsOf(t, c.token)).toEqual({});
    });

    it('books a bank reference once: the same reference under another key is 409 and credits nothing more', async () => {
      const c = await registerConsumer(t);
      const ref = freshKey('BANK');
      await postTopup(topupBody(c.id, '10.00', 'CNY', ref)).expect(201);
      const again = await postTopup(topupBody(c.id, '10.00', 'CNY', ref)).expect(409);
      expect(again.body.code).toBe('duplicate_bank_reference');
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '10.00' });
    });
  });

  describe('POST /v1/me/withdrawals', () => {
    it('withdraws: 201 {id, status: "pending", amount, currency}, and the balance goes down', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '100.00', 'CNY');
      const res = await withdraw(c.token, { amount: '30', currency: 'CNY' }).expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'pending', amount: '30.00', currency: 'CNY' });
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '70.00' });
    });

    it('withdraws the whole balance down to zero', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '500', 'JPY');
      const res = await withdraw(c.token, { amount: '500', currency: 'JPY' }).expect(201);
      expect(res.body).toMatchObject({ status: 'pending', amount: '500', currency: 'JPY' });
      expect(await walletsOf(t, c.token)).toEqual({ JPY: '0' });
    });

    it('refuses more than the balance with 402 insufficient_funds and moves nothing', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '20.00', 'CNY');
      const res = await withdraw(c.token, { amount: '20.01', currency: 'CNY' }).expect(402);
      expect(res.body).toMatchObject({ status: 402, code: 'insufficient_funds' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '20.00' });
      const lines = (
        await request(t.http)
          .get('/v1/me/transactions')
          .set(...bearer(c.token))
          .expect(200)
      ).body.data;
      expect(lines.map((l: { type: string }) => l.type)).toEqual(['topup']);
      const rows = await sql<{ n: string }>(t, `SELECT count(*) AS n FROM withdrawals WHERE consumer_id = $1`, [c.id]);
      expect(rows[0].n).toBe('0');
    });

    it('refuses a currency without a wallet with 402 and opens no wallet', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '20.00', 'CNY');
      const res = await withdraw(c.token, { amount: '1.00', currency: 'EUR' }).expect(402);
      expect(res.body.code).toBe('insufficient_funds');
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '20.00' });
    });

    it('refuses a consumer without any wallet with 402', async () => {
      const c = await registerConsumer(t);
      const res = await withdraw(c.token, { amount: '1.00', currency: 'CNY' }).expect(402);
      expect(res.body.code).toBe('insufficient_funds');
      expect(await walletsOf(t, c.token)).toEqual({});
    });

    it('requires an Idempotency-Key: 400 idempotency_key_required, nothing moved', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '20.00', 'CNY');
      const res = await withdraw(c.token, { amount: '5.00', currency: 'CNY' }, null).expect(400);
      expect(res.body.code).toBe('idempotency_key_required');
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '20.00' });
    });

    it.each<[string, unknown]>([
      ['negative', '-5.00'],
      ['zero', '0.00'],
      ['too many decimals', '5.001'],
      ['a JSON number', 5],
    ])('refuses an invalid amount (%s) with 422 invalid_amount', async (_label, amount) => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '20.00', 'CNY');
      const res = await withdraw(c.token, { amount, currency: 'CNY' }).expect(422);
      expect(res.body.code).toBe('invalid_amount');
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '20.00' });
    });

    it('is for consumers only: merchants and operators 403, no credential 401', async () => {
      const m = await createMerchant(t);
      const body = { amount: '1.00', currency: 'CNY' };
      expect((await withdraw(m.apiKey, body)).status).toBe(403);
      expect((await withdraw(ADMIN, body)).status).toBe(403);
      expect((await withdraw(finance.apiKey, body)).status).toBe(403);
      expect(
        (await request(t.http).post('/v1/me/withdrawals').set('Idempotency-Key', freshKey()).send(body)).status,
      ).toBe(401);
    });

    it('keeps the ledger balanced: every withdrawal is one wallet debit matched by one credit', async () => {
      const c = await registerConsumer(t);
      await topUp(t, c.id, '50.00', 'CNY');
      const res = await withdraw(c.token, { amount: '12.34', currency: 'CNY' }).expect(201);
      const rows = await sql<{ side: string; amount: string }>(
        t,
        `SELECT p.side, p.amount::text AS amount FROM withdrawals w JOIN ledger_postings p ON p.entry_id = w.entry_id WHERE w.id = $1 ORDER BY p.side`,
        [res.body.id],
      );
      expect(rows).toEqual([
        { side: 'C', amount: '1234' },
        { side: 'D', amount: '1234' },
      ]);
    });
  });
});
