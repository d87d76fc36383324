import crypto from 'node:crypto';
import { Money } from '@saoma/money';
import { Client } from 'pg';
import request from 'supertest';
import { fixtures } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/*
 * The Privacy section of the contract: staff read a consumer's identity only
 * with a purpose, every read is logged before the data leaves and shown to
 * the consumer, the log cannot be edited or erased, and the consumer can take
 * everything held about them, and only that.
 */

type Consumer = { id: string; name: string; phone: string; token: string; pin: string };
type Operator = { id: string; apiKey: string };

describe('privacy: audited staff reads, the access log, the export', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let finance: Operator;
  let admin: Operator;
  let a: Consumer;
  let b: Consumer;
  let merchant: { id: string; name: string; apiKey: string };
  /** What happened to A and to B in this test, to be found (or not) in the exports. */
  const madeForA = {
    payments: [] as string[],
    topupRefs: [] as string[],
    withdrawals: [] as string[],
    refunds: [] as string[],
  };
  const madeForB = { payments: [] as string[], topupRefs: [] as string[] };

  const http = () => request(t.http);
  const auth = (credential: string): [string, string] => ['Authorization', `Bearer ${credential}`];
  const staffRead = (who: string, id: string, purpose?: string) =>
    http()
      .get(`/v1/finance/consumers/${id}`)
      .query(purpose === undefined ? {} : { purpose })
      .set(...auth(who));
  const logCount = async (consumerId: string): Promise<number> => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return (await c.query(`SELECT count(*)::int AS n FROM staff_access_log WHERE consumer_id = $1`, [consumerId]))
        .rows[0].n;
    } finally {
      await c.end();
    }
  };

  async function operator(role: 'admin' | 'finance'): Promise<Operator> {
    const res = await http()
      .post('/v1/operators')
      .set(...auth(f.admin))
      .send({ name: `${role} desk`, role })
      .expect(201);
    return { id: res.body.operator.id, apiKey: res.body.apiKey };
  }

  async function topupWithRef(consumerId: string, amount: string): Promise<string> {
    const bankReference = `BANK-${crypto.randomUUID().slice(0, 12)}`;
    await http()
      .post('/v1/topups')
      .set(...auth(finance.apiKey))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ consumerId, amount, currency: 'CNY', bankReference })
      .expect(201);
    return bankReference;
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = fixtures(t);
    finance = await operator('finance');
    admin = await operator('admin');
    a = await f.consumer('Alice Zhang');
    b = await f.consumer('Bob Wu');
    merchant = await f.merchant({ name: 'Tea House' });
    const code = await f.code(merchant.apiKey, { label: 'Counter 1' });

    madeForA.topupRefs.push(await topupWithRef(a.id, '100.00'));
    const paid = await f.scanAndPay(a.token, code.payload, '12.30');
    madeForA.payments.push(paid.id);
    const refund = await f.refund(merchant.apiKey, paid.id, '2.30').expect(201);
    madeForA.refunds.push(refund.body.id);
    const order = await f.order(merchant.apiKey, '7.50');
    madeForA.payments.push((await f.scanAndPay(a.token, order.payload)).id);
    const w = await http()
      .post('/v1/me/withdrawals')
      .set(...auth(a.token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ amount: '5.00', currency: 'CNY' })
      .expect(201);
    madeForA.withdrawals.push(w.body.id);

    madeForB.topupRefs.push(await topupWithRef(b.id, '50.00'));
    madeForB.payments.push((await f.scanAndPay(b.token, code.payload, '3.00')).id);
  });
  afterAll(() => t.close());

  describe('GET /v1/finance/consumers/{id}', () => {
    it('requires a purpose: missing, empty or only spaces → 400 purpose_required; above 500 characters → 400; nothing logged', async () => {
      for (const purpose of [undefined, '', '   ']) {
        const res = await staffRead(finance.apiKey, a.id, purpose).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('purpose_required');
      }
      expect((await staffRead(finance.apiKey, a.id, 'x'.repeat(501)).expect(400)).body.code).toBe('purpose_too_long');
      expect(await logCount(a.id)).toBe(0);
    });

    it('an unknown consumer is 404 and logs nothing', async () => {
      const ghost = crypto.randomUUID();
      expect((await staffRead(finance.apiKey, ghost, 'checking').expect(404)).body.code).toBe('consumer_not_found');
      await staffRead(finance.apiKey, 'not-a-uuid', 'checking').expect(404);
      expect(await logCount(ghost)).toBe(0);
    });

    it('consumers and merchants get 403, no credential 401', async () => {
      await staffRead(a.token, a.id, 'curious').expect(403);
      await staffRead(b.token, a.id, 'curious').expect(403);
      await staffRead(merchant.apiKey, a.id, 'curious').expect(403);
      await http().get(`/v1/finance/consumers/${a.id}`).query({ purpose: 'curious' }).expect(401);
      expect(await logCount(a.id)).toBe(0);
    });

    it('returns identity and wallets to finance and admin, each read logged with its role before the answer', async () => {
      const res = await staffRead(finance.apiKey, a.id, 'Ticket 4711: disputed top-up').expect(200);
      expect(res.body).toEqual({
        consumer: { id: a.id, name: 'Alice Zhang', phone: a.phone, createdAt: expect.any(String) },
        // 100.00 − 12.30 + 2.30 − 7.50 − 5.00
        wallets: [{ currency: 'CNY', balance: '77.50' }],
      });
      expect(new Date(res.body.consumer.createdAt).toISOString()).toBe(res.body.consumer.createdAt);
      expect(res.headers['cache-control']).toBe('no-store');
      // the row is there as soon as the answer is
      expect(await logCount(a.id)).toBe(1);

      await staffRead(admin.apiKey, a.id, 'Fraud review').expect(200);
      expect(await logCount(a.id)).toBe(2);
    });
  });

  describe('GET /v1/me/access-log', () => {
    it('shows the consumer both reads, newest first, with operator, role and purpose', async () => {
      const res = await http()
        .get('/v1/me/access-log')
        .set(...auth(a.token))
        .expect(200);
      expect(res.body).toEqual({
        data: [
          { operator: { id: admin.id, role: 'admin' }, purpose: 'Fraud review', at: expect.any(String) },
          {
            operator: { id: finance.id, role: 'finance' },
            purpose: 'Ticket 4711: disputed top-up',
            at: expect.any(String),
          },
        ],
        nextCursor: null,
      });
      const [newer, older] = res.body.data.map((e: { at: string }) => Date.parse(e.at));
      expect(newer).toBeGreaterThanOrEqual(older);
    });

    it('pages with ?limit and ?cursor; a made-up cursor is 400', async () => {
      const first = await http()
        .get('/v1/me/access-log?limit=1')
        .set(...auth(a.token))
        .expect(200);
      expect(first.body.data.map((e: { purpose: string }) => e.purpose)).toEqual(['Fraud review']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await http()
        .get('/v1/me/access-log')
        .query({ limit: 1, cursor: first.body.nextCursor })
        .set(...auth(a.token))
        .expect(200);
      expect(second.body).toEqual({
        data: [expect.objectContaining({ purpose: 'Ticket 4711: disputed top-up' })],
        nextCursor: null,
      });
      expect(
        (
          await http()
            .get('/v1/me/access-log?cursor=bogus')
            .set(...auth(a.token))
            .expect(400)
        ).body.code,
      ).toBe('invalid_cursor');
      await http()
        .get('/v1/me/access-log?limit=0')
        .set(...auth(a.token))
        .expect(400);
      await http()
        .get('/v1/me/access-log?limit=201')
        .set(...auth(a.token))
        .expect(400);
    });

    it('another consumer sees none of them', async () => {
      const res = await http()
        .get('/v1/me/access-log')
        .set(...auth(b.token))
        .expect(200);
      expect(res.body).toEqual({ data: [], nextCursor: null });
      // A's cursor does not open A's log to B either
      const first = await http()
        .get('/v1/me/access-log?limit=1')
        .set(...auth(a.token))
        .expect(200);
      const probe = await http()
        .get('/v1/me/access-log')
        .query({ cursor: first.body.nextCursor })
        .set(...auth(b.token))
        .expect(200);
      expect(probe.body.data).toEqual([]);
    });

    it('is for consumers only', async () => {
      await http()
        .get('/v1/me/access-log')
        .set(...auth(merchant.apiKey))
        .expect(403);
      await http()
        .get('/v1/me/access-log')
        .set(...auth(finance.apiKey))
        .expect(403);
      await http().get('/v1/me/access-log').expect(401);
    });
  });

  describe('the log cannot be edited or deleted', () => {
    it('raw SQL UPDATE, DELETE and TRUNCATE on staff_access_log fail, and the rows stay', async () => {
      const c = new Client({ connectionString: t.db.url });
      await c.connect();
      try {
        for (const sql of [
          `UPDATE staff_access_log SET purpose = 'routine' WHERE consumer_id = '${a.id}'`,
          `DELETE FROM staff_access_log WHERE consumer_id = '${a.id}'`,
          `TRUNCATE staff_access_log`,
        ]) {
          await expect(c.query(sql)).rejects.toMatchObject({ code: 'SA050' });
        }
      } finally {
        await c.end();
      }
      expect(await logCount(a.id)).toBe(2);
      const res = await http()
        .get('/v1/me/access-log')
        .set(...auth(a.token))
        .expect(200);
      expect(res.body.data.map((e: { purpose: string }) => e.purpose)).toEqual([
        'Fraud review',
        'Ticket 4711: disputed top-up',
      ]);
    });
  });

  describe('GET /v1/me/export', () => {
    const exportOf = (token: string) =>
      http()
        .get('/v1/me/export')
        .set(...auth(token))
        .expect(200);

    it('is a JSON attachment with everything held about the consumer', async () => {
      const res = await exportOf(a.token);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="saoma-export-${a.id}.json"`);
      expect(res.headers['cache-control']).toBe('no-store');
      const ex = res.body;

      expect(ex.consumer).toEqual({ id: a.id, name: 'Alice Zhang', phone: a.phone, createdAt: expect.any(String) });
      expect(ex.wallets).toEqual([{ currency: 'CNY', balance: '77.50' }]);

      // every statement line, and they add up to the balance
      expect(ex.transactions.map((l: { type: string }) => l.type).sort()).toEqual([
        'payment',
        'payment',
        'refund',
        'topup',
        'withdrawal',
      ]);
      const total = ex.transactions.reduce(
        (sum: Money, l: { amount: string }) => sum.add(Money.parse(l.amount, 'CNY', { allowNegative: true })),
        Money.zero('CNY'),
      );
      expect(total.format()).toBe('77.50');

      expect(ex.payments.map((p: { id: string }) => p.id).sort()).toEqual([...madeForA.payments].sort());
      const first = ex.payments.find((p: { id: string }) => p.id === madeForA.payments[0]);
      expect(first).toMatchObject({
        amount: '12.30',
        charged: '12.30',
        refunded: '2.30',
        currency: 'CNY',
        merchant: { id: merchant.id, name: 'Tea House' },
        receipt: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        payer: expect.stringMatching(/^payer_/),
        refunds: [expect.objectContaining({ id: madeForA.refunds[0], amount: '2.30', toConsumer: '2.30' })],
      });
      const second = ex.payments.find((p: { id: string }) => p.id === madeForA.payments[1]);
      expect(second).toMatchObject({
        amount: '7.50',
        merchant: { name: 'Tea House' },
        orderReference: expect.any(String),
        refunds: [],
      });

      expect(ex.topups).toEqual([
        expect.objectContaining({
          consumerId: a.id,
          amount: '100.00',
          currency: 'CNY',
          bankReference: madeForA.topupRefs[0],
        }),
      ]);
      expect(ex.withdrawals).toEqual([
        expect.objectContaining({ id: madeForA.withdrawals[0], amount: '5.00', status: 'pending' }),
      ]);
      expect(ex.accessLog).toEqual([
        { operator: { id: admin.id, role: 'admin' }, purpose: 'Fraud review', at: expect.any(String) },
        {
          operator: { id: finance.id, role: 'finance' },
          purpose: 'Ticket 4711: disputed top-up',
          at: expect.any(String),
        },
      ]);
    });

    it('never contains the PIN or its hash', async () => {
      const c = new Client({ connectionString: t.db.url });
      await c.connect();
      const pinHash: string = (await c.query(`SELECT pin_hash FROM consumers WHERE id = $1`, [a.id])).rows[0].pin_hash;
      await c.end();
      const text = (await exportOf(a.token)).text;
      expect(text).not.toMatch(/pin_?hash/i);
      expect(text).not.toContain(pinHash);
    });

    it("consumer A's export never contains consumer B's data, nor B's A's", async () => {
      const ofA = (await exportOf(a.token)).text;
      for (const needle of [b.id, b.name, b.phone, ...madeForB.payments, ...madeForB.topupRefs])
        expect(ofA).not.toContain(needle);

      const ofB = (await exportOf(b.token)).body;
      expect(ofB.consumer.id).toBe(b.id);
      expect(ofB.payments.map((p: { id: string }) => p.id)).toEqual(madeForB.payments);
      expect(ofB.topups.map((x: { bankReference: string }) => x.bankReference)).toEqual(madeForB.topupRefs);
      expect(ofB.withdrawals).toEqual([]);
      expect(ofB.accessLog).toEqual([]);
      const textB = JSON.stringify(ofB);
      for (const needle of [
        a.id,
        a.name,
        a.phone,
        ...madeForA.payments,
        ...madeForA.topupRefs,
        ...madeForA.withdrawals,
        'Fraud review',
      ]) {
        expect(textB).not.toContain(needle);
      }
    });

    it('is for consumers only', async () => {
      await http()
        .get('/v1/me/export')
        .set(...auth(merchant.apiKey))
        .expect(403);
      await http()
        .get('/v1/me/export')
        .set(...auth(admin.apiKey))
        .expect(403);
      await http().get('/v1/me/export').expect(401);
    });
  });

  it('documents the three routes in the OpenAPI document', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean }> }>>;
    };
    expect(doc.paths['/v1/finance/consumers/{id}']?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'purpose', in: 'query', required: true })]),
    );
    expect(doc.paths['/v1/me/access-log']?.get).toBeDefined();
    expect(doc.paths['/v1/me/export']?.get).toBeDefined();
  });
});
