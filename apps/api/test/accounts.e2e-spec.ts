import crypto from 'node:crypto';
import request from 'supertest';
import { bearer, fixtures, freshPhone, phoneCode, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Revocation is in force within a second on every process; a little more for the request itself. */
const REVOCATION_MS = 1100;

describe('accounts a person controls: sessions, PIN, closure, freezing', () => {
  let t: TestApp;
  let other: TestApp; // a second process of the service on the same database
  let f: ReturnType<typeof fixtures>;

  beforeAll(async () => {
    t = await createTestApp();
    other = await createTestApp({}, { sameDatabaseAs: t });
    f = fixtures(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const http = () => request(t.http);
  const me = (app: TestApp, token: string) =>
    request(app.http)
      .get('/v1/me')
      .set(...bearer(token));
  const signIn = async (phone: string, pin: string, userAgent: string) =>
    (await http().post('/v1/consumers/sessions').set('User-Agent', userAgent).send({ phone, pin }).expect(201)).body
      .token as string;
  const pay = async (token: string, payload: string, amount: string) => {
    const s = await http()
      .post('/v1/scan')
      .set(...bearer(token))
      .send({ payload });
    if (s.status !== 200) return s;
    return http()
      .post('/v1/payments')
      .set(...bearer(token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ token: s.body.token, amount });
  };

  describe('sessions', () => {
    it('lists the live sessions with the current one marked, and ends another (a lost phone) on every process within a second', async () => {
      const c = await f.consumer('Cao Pi');
      const tablet = await signIn(c.phone, c.pin, 'Tablet/1.0');
      const list = await http()
        .get('/v1/me/sessions')
        .set(...bearer(c.token))
        .expect(200);
      expect(list.body.data).toHaveLength(2);
      const current = list.body.data.find((s: { current: boolean }) => s.current);
      const lost = list.body.data.find((s: { current: boolean }) => !s.current);
      expect(lost).toMatchObject({ userAgent: 'Tablet/1.0', current: false });
      expect(current.id).not.toBe(lost.id);

      await me(other, tablet).expect(200); // the other process has seen the tablet's session live
      await http()
        .delete(`/v1/me/sessions/${lost.id}`)
        .set(...bearer(c.token))
        .expect(204);
      await sleep(REVOCATION_MS);
      await me(other, tablet).expect(401);
      await me(t, tablet).expect(401);
      await me(other, c.token).expect(200);

      // another consumer's session is not one's own
      const stranger = await f.consumer('Cao Zhi');
      const theirs = (
        await http()
          .get('/v1/me/sessions')
          .set(...bearer(stranger.token))
          .expect(200)
      ).body.data[0];
      await http()
        .delete(`/v1/me/sessions/${theirs.id}`)
        .set(...bearer(c.token))
        .expect(404);
      await me(t, stranger.token).expect(200);
    });

    it('signs out: the token is refused at once here and within a second on the other process', async () => {
      const c = await f.consumer('Sima Yi');
      await me(other, c.token).expect(200);
      await http()
        .delete('/v1/me/sessions/current')
        .set(...bearer(c.token))
        .expect(204);
      await me(t, c.token).expect(401);
      await sleep(REVOCATION_MS);
      await me(other, c.token).expect(401);
    });
  });

  describe('PIN change', () => {
    it('needs the current PIN (a wrong one counts toward the lockout), then ends every other session and every pack', async () => {
      const m = await f.merchant({ name: 'Pin Shop' });
      const c = await f.consumer('Xiahou Dun');
      await f.topup(c.id, '20.00');
      const phone2 = await signIn(c.phone, c.pin, 'Phone2/1.0');
      const pack = await f.paymentPack(phone2, c.pin);
      const wrong = c.pin === '111111' ? '222222' : '111111';
      const refused = await http()
        .post('/v1/me/pin')
        .set(...bearer(c.token))
        .send({ currentPin: wrong, newPin: '135790' })
        .expect(401);
      expect(refused.body.code).toBe('invalid_credentials');
      expect(
        (await sql<{ n: number }>(t, `SELECT failed_attempts AS n FROM consumers WHERE id = $1`, [c.id]))[0].n,
      ).toBe(1);
      await http()
        .post('/v1/me/pin')
        .set(...bearer(c.token))
        .send({ currentPin: c.pin, newPin: '12345' })
        .expect(400);
      await http()
        .post('/v1/me/pin')
        .set(...bearer(c.token))
        .send({ currentPin: c.pin, newPin: '135790' })
        .expect(204);
      await sleep(REVOCATION_MS);
      await me(other, phone2).expect(401);
      await me(other, c.token).expect(200);
      const code = await phoneCode(pack, 0);
      const charge = await http()
        .post('/v1/merchant/charges')
        .set(...bearer(m.apiKey))
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ code, amount: '1.00' })
        .expect(422);
      expect(charge.body.code).toBe('invalid_payment_code');
      expect(
        (
          await http()
            .get('/v1/me/payment-codes')
            .set(...bearer(c.token))
            .expect(200)
        ).body.data,
      ).toEqual([]);
      await http().post('/v1/consumers/sessions').send({ phone: c.phone, pin: c.pin }).expect(401);
      await signIn(c.phone, '135790', 'Phone3/1.0');
    });

    it('refuses the codes of a phone that was signed out', async () => {
      const m = await f.merchant({ name: 'Signed Out Shop' });
      const c = await f.consumer('Xu Chu');
      await f.topup(c.id, '20.00');
      const phone2 = await signIn(c.phone, c.pin, 'Phone2/1.0');
      const pack = await f.paymentPack(phone2, c.pin);
      await http()
        .delete('/v1/me/sessions/current')
        .set(...bearer(phone2))
        .expect(204);
      const code = await phoneCode(pack, 0);
      await http()
        .post('/v1/merchant/charges')
        .set(...bearer(m.apiKey))
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ code, amount: '1.00' })
        .expect(422);
      expect(await f.wallet(c.token)).toBe('20.00');
    });
  });

  describe('closure', () => {
    it('is refused while money is left or a withdrawal is on its way', async () => {
      const c = await f.consumer('Dian Wei');
      await f.topup(c.id, '5.00');
      const left = await http()
        .post('/v1/me/closure')
        .set(...bearer(c.token))
        .send({ pin: c.pin })
        .expect(409);
      expect(left.body.code).toBe('balance_not_zero');
      await f.withdraw(c.token, '5.00');
      const blocked = await http()
        .post('/v1/me/closure')
        .set(...bearer(c.token))
        .send({ pin: c.pin })
        .expect(409);
      expect(blocked.body.code).toBe('closure_blocked');
      const wrong = c.pin === '111111' ? '222222' : '111111';
      await http()
        .post('/v1/me/closure')
        .set(...bearer(c.token))
        .send({ pin: wrong })
        .expect(401);
      await me(t, c.token).expect(200);
    });

    it('erases the identity everywhere, keeps the money’s history under the id, and frees the phone', async () => {
      const marker = crypto.randomBytes(4).toString('hex');
      const name = `Guan Yu ${marker}`;
      const phone = freshPhone();
      const reg = await http().post('/v1/consumers').send({ name, phone, pin: '246810' }).expect(201);
      const c = { id: reg.body.consumer.id as string, token: reg.body.token as string, pin: '246810' };
      const m = await f.merchant({ name: 'Closure Tea', webhookUrl: 'http://127.0.0.1:9/hook' });
      const code = await f.code(m.apiKey);
      await f.topup(c.id, '10.00');
      const paid = (await pay(c.token, code.payload, '10.00')).body;
      await http()
        .post('/v1/finance/consumers/' + c.id + '/freeze')
        .set(...bearer(f.admin))
        .send({ reason: 'check', purpose: 'ticket 1' })
        .expect(200);
      await http()
        .post('/v1/finance/consumers/' + c.id + '/unfreeze')
        .set(...bearer(f.admin))
        .send({ purpose: 'ticket 1 closed' })
        .expect(200);
      const exported = (
        await http()
          .get('/v1/me/export')
          .set(...bearer(c.token))
          .expect(200)
      ).body;
      const payerBefore = (
        await http()
          .get(`/v1/merchant/payments/${paid.id}`)
          .set(...bearer(m.apiKey))
          .expect(200)
      ).body.payer;

      const closed = await http()
        .post('/v1/me/closure')
        .set(...bearer(c.token))
        .send({ pin: c.pin })
        .expect(200);
      expect(Date.parse(closed.body.closedAt)).not.toBeNaN();
      await me(t, c.token).expect(401);
      await sleep(REVOCATION_MS);
      await me(other, c.token).expect(401);
      await http().post('/v1/consumers/sessions').send({ phone, pin: c.pin }).expect(401);

      // no name or phone left in any text column of any table
      const columns = await sql<{ table_name: string; column_name: string }>(
        t,
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')`,
      );
      const found: string[] = [];
      for (const col of columns) {
        const [hit] = await sql<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM "${col.table_name}"
            WHERE "${col.column_name}"::text LIKE $1 OR "${col.column_name}"::text LIKE $2`,
          [`%${marker}%`, `%${phone.slice(1)}%`],
        );
        if (hit.n > 0) found.push(`${col.table_name}.${col.column_name}`);
      }
      expect(found).toEqual([]);

      // what the ledger and the merchant keep, under the id alone
      for (const p of exported.payments as Array<{ id: string }>) {
        expect((await sql(t, `SELECT 1 FROM payments WHERE id = $1 AND consumer_id = $2`, [p.id, c.id])).length).toBe(
          1,
        );
      }
      const after = await http()
        .get(`/v1/merchant/payments/${paid.id}`)
        .set(...bearer(m.apiKey))
        .expect(200);
      expect(after.body.payer).toBe(payerBefore);
      const look = await http()
        .get(`/v1/finance/consumers/${c.id}`)
        .query({ purpose: 'closure audit' })
        .set(...bearer(f.admin))
        .expect(200);
      expect(look.body.consumer).toEqual({ id: c.id, createdAt: expect.any(String), closedAt: closed.body.closedAt });
      const trial = await http()
        .get('/v1/finance/trial-balance?currency=CNY')
        .set(...bearer(f.admin))
        .expect(200);
      expect(trial.body.balanced).toBe(true);

      // the phone registers again, as a new account that sees nothing of the old
      const again = await http().post('/v1/consumers').send({ name: 'Guan Ping', phone, pin: '135790' }).expect(201);
      expect(again.body.consumer.id).not.toBe(c.id);
      expect(
        (
          await http()
            .get('/v1/me/wallets')
            .set(...bearer(again.body.token))
            .expect(200)
        ).body.data,
      ).toEqual([]);
      expect(
        (
          await http()
            .get('/v1/me/transactions')
            .set(...bearer(again.body.token))
            .expect(200)
        ).body.data,
      ).toEqual([]);
      await http()
        .post('/v1/me/closure')
        .set(...bearer(c.token))
        .send({ pin: c.pin })
        .expect(401);
    });
  });

  describe('freezing', () => {
    /** Consumer routes that write but take no money out: a frozen consumer may call them. */
    const ALLOWED_WHEN_FROZEN = [
      'DELETE /v1/me/sessions/current',
      'DELETE /v1/me/sessions/{id}',
      'POST /v1/me/pin',
      'POST /v1/me/charges/{id}/decline',
      // money in: a frozen wallet receives
      'POST /v1/red-envelopes/claims',
    ];
    /** Public writes: no principal, so no freeze to look at (none takes money out). */
    const PUBLIC_WRITES = ['POST /v1/consumers', 'POST /v1/consumers/sessions', 'POST /v1/qr/decode'];
    const fill = (path: string) =>
      path.replace(/\{date\}/g, '2026-01-01').replace(/\{[A-Za-z]+\}/g, '00000000-0000-4000-8000-000000000000');

    it('a frozen wallet reads and receives, and every consumer route that writes answers 423, found by walking the router', async () => {
      const m = await f.merchant({ name: 'Frozen Shop' });
      const code = await f.code(m.apiKey);
      const c = await f.consumer('Zhang Liao');
      await f.topup(c.id, '50.00');
      const fr = await http()
        .post(`/v1/finance/consumers/${c.id}/freeze`)
        .set(...bearer(f.admin))
        .send({ reason: 'Court order 7', purpose: 'Ticket 99: court order' })
        .expect(200);
      expect(Date.parse(fr.body.frozenAt)).not.toBeNaN();
      await sleep(REVOCATION_MS);
      const log = await http()
        .get('/v1/me/access-log')
        .set(...bearer(c.token))
        .expect(200);
      expect(log.body.data[0]).toMatchObject({ purpose: 'Ticket 99: court order', operator: { role: 'admin' } });
      expect((await me(t, c.token).expect(200)).body.frozenAt).toBe(fr.body.frozenAt);
      await f.topup(c.id, '5.00');
      expect(await f.wallet(c.token)).toBe('55.00');

      const doc = (await http().get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((op) => ['post', 'put', 'patch', 'delete'].includes(op))
          .map((op) => ({ route: `${op.toUpperCase()} ${path}`, op, path })),
      );
      // signing out ends the walk's own session: last
      writes.sort(
        (a, b) =>
          Number(a.route === 'DELETE /v1/me/sessions/current') - Number(b.route === 'DELETE /v1/me/sessions/current'),
      );
      const answers: Record<string, number> = {};
      for (const w of writes) {
        const agent = request(t.http);
        const res = await agent[w.op as 'post'](fill(w.path))
          .set(...bearer(c.token))
          .set('Idempotency-Key', crypto.randomUUID())
          .send({});
        answers[w.route] = res.status;
      }
      for (const r of PUBLIC_WRITES) expect(answers[r]).not.toBe(423);
      const consumerWrites = Object.entries(answers).filter(
        ([r, status]) => status !== 403 && !PUBLIC_WRITES.includes(r),
      );
      const notFrozen = consumerWrites.filter(([, status]) => status !== 423).map(([r]) => r);
      expect(notFrozen.sort()).toEqual([...ALLOWED_WHEN_FROZEN].sort());
      expect(consumerWrites.filter(([, s]) => s === 423).map(([r]) => r)).toEqual(
        expect.arrayContaining([
          'POST /v1/payments',
          'POST /v1/me/withdrawals',
          'POST /v1/scan',
          'POST /v1/transfers',
          'POST /v1/red-envelopes',
          'POST /v1/bills/lookup',
        ]),
      );

      // the walk signed the consumer out last: back in, nothing moved
      const token = await signIn(c.phone, c.pin, 'Phone/2.0');
      const pack = await sql<{ id: string }>(t, `SELECT id FROM payment_code_packs WHERE consumer_id = $1`, [c.id]);
      expect(pack).toEqual([]); // no pack could be made while frozen
      expect(await f.wallet(token)).toBe('55.00');

      await http()
        .post(`/v1/finance/consumers/${c.id}/unfreeze`)
        .set(...bearer(f.admin))
        .send({ purpose: 'Ticket 99: order lifted' })
        .expect(200);
      await sleep(REVOCATION_MS);
      expect((await pay(token, code.payload, '5.00')).status).toBe(201);
    });

    it('refuses a merchant’s charge of a frozen consumer’s code with 423', async () => {
      const m = await f.merchant({ name: 'Frozen Till' });
      const c = await f.consumer('Yue Jin');
      await f.topup(c.id, '50.00');
      const pack = await f.paymentPack(c.token, c.pin);
      await http()
        .post(`/v1/finance/consumers/${c.id}/freeze`)
        .set(...bearer(f.admin))
        .send({ reason: 'fraud review', purpose: 'Ticket 100' })
        .expect(200);
      const code = await phoneCode(pack, 0);
      const r = await http()
        .post('/v1/merchant/charges')
        .set(...bearer(m.apiKey))
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ code, amount: '1.00' })
        .expect(423);
      expect(r.body.code).toBe('account_frozen');
      expect(await f.wallet(c.token)).toBe('50.00');
      const look = await http()
        .get(`/v1/finance/consumers/${c.id}`)
        .query({ purpose: 'review' })
        .set(...bearer(f.admin))
        .expect(200);
      expect(look.body.consumer).toMatchObject({ frozenReason: 'fraud review', frozenAt: expect.any(String) });
    });
  });
});
