import crypto from 'node:crypto';
import request from 'supertest';
import { TransfersService } from '@saoma/payments';
import { bearer, fixtures, freshPhone, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

describe('transfers between people, to a phone', () => {
  let t: TestApp;
  let other: TestApp; // a second process of the service on the same database
  let f: ReturnType<typeof fixtures>;
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp({ PERIODIC_JOBS: 'false' });
    other = await createTestApp({ PERIODIC_JOBS: 'false' }, { sameDatabaseAs: t });
    f = fixtures(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const http = () => request(t.http);
  const send = (token: string, body: Record<string, unknown>, key: string = crypto.randomUUID()) =>
    http()
      .post('/v1/transfers')
      .set(...bearer(token))
      .set('Idempotency-Key', key)
      .send({ currency: 'CNY', ...body });
  const getTransfer = (token: string, id: string) =>
    http()
      .get(`/v1/transfers/${id}`)
      .set(...bearer(token));
  const statement = async (token: string) =>
    (
      await http()
        .get('/v1/me/transactions')
        .set(...bearer(token))
        .expect(200)
    ).body.data as Array<Record<string, unknown>>;
  const reconciliation = async () =>
    (
      await http()
        .get(`/v1/finance/reconciliation?date=${today()}&currency=CNY`)
        .set(...bearer(f.admin))
        .expect(200)
    ).body;
  const inTransit = async () =>
    (
      await sql<{ balance: string }>(
        t,
        `SELECT (credits_posted - debits_posted)::text AS balance FROM ledger_balances WHERE code = 'platform:transfers_in_transit:CNY'`,
      )
    )[0]?.balance ?? '0';

  it('arrives at once to a registered phone, showing each side only the other’s masked name', async () => {
    const li = await f.consumer('Li Lei');
    const wang = await f.consumer('王小明');
    await f.topup(li.id, '100.00');

    const res = await send(li.token, { toPhone: wang.phone, amount: '30.50', note: 'dinner' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'completed',
      amount: '30.50',
      currency: 'CNY',
      direction: 'sent',
      to: { displayName: '王**' },
      from: { displayName: 'L*****' },
      note: 'dinner',
      createdAt: expect.any(String),
      settledAt: expect.any(String),
    });
    expect(await f.wallet(li.token)).toBe('69.50');
    expect(await f.wallet(wang.token)).toBe('30.50');

    // the recipient sees it, a stranger does not; no phone or wallet id crosses over
    const seen = await getTransfer(wang.token, res.body.id).expect(200);
    expect(seen.body).toMatchObject({ direction: 'received', from: { displayName: 'L*****' }, status: 'completed' });
    const stranger = await f.consumer('Zhang San');
    await getTransfer(stranger.token, res.body.id).expect(404);
    for (const body of [JSON.stringify(res.body), JSON.stringify(seen.body)]) {
      expect(body).not.toContain(li.phone);
      expect(body).not.toContain(wang.phone);
      expect(body).not.toContain(li.id);
      expect(body).not.toContain(wang.id);
    }

    // statement lines name the other person, masked
    expect((await statement(li.token))[0]).toMatchObject({
      type: 'transfer_out',
      amount: '-30.50',
      counterparty: { displayName: '王**' },
    });
    expect((await statement(wang.token))[0]).toMatchObject({
      type: 'transfer_in',
      amount: '30.50',
      counterparty: { displayName: 'L*****' },
    });
    const list = await http()
      .get('/v1/transfers?role=received')
      .set(...bearer(wang.token))
      .expect(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([res.body.id]);
  });

  it('refuses what the contract refuses, moving nothing', async () => {
    const a = await f.consumer('Zhao Yun');
    const b = await f.consumer('Ma Chao');
    await f.topup(a.id, '2000.00');
    const refuse = async (body: Record<string, unknown>, status: number, code: string) => {
      const r = await send(a.token, body).expect(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe(code);
    };
    await refuse({ toPhone: a.phone, amount: '1.00' }, 422, 'self_transfer');
    await refuse({ toPhone: b.phone, amount: '2000.01', pin: a.pin }, 402, 'insufficient_funds');
    await refuse({ toPhone: b.phone, amount: '1000.01' }, 422, 'pin_required');
    await refuse({ toPhone: b.phone, amount: '1000.01', pin: '000000' }, 401, 'invalid_credentials');
    await refuse({ toPhone: b.phone, amount: '1.00', note: 'x'.repeat(141) }, 400, 'validation_failed');
    await refuse({ toPhone: '13800000000', amount: '1.00' }, 400, 'validation_failed');
    await refuse({ toPhone: b.phone, amount: '0.00' }, 422, 'invalid_amount');
    await refuse({ toPhone: b.phone, amount: '1.001' }, 422, 'invalid_amount');
    await http()
      .post('/v1/transfers')
      .set(...bearer(a.token))
      .send({ toPhone: b.phone, amount: '1.00', currency: 'CNY' })
      .expect(400);
    await http().post('/v1/transfers').send({ toPhone: b.phone, amount: '1.00', currency: 'CNY' }).expect(401);
    expect(await f.wallet(a.token)).toBe('2000.00');
    expect(await f.wallet(b.token)).toBe('0.00');

    // above the no-PIN limit with the right PIN it goes
    await send(a.token, { toPhone: b.phone, amount: '1000.01', pin: a.pin }).expect(201);
    expect(await f.wallet(b.token)).toBe('1000.01');
  });

  it('moves the money once for one Idempotency-Key, and answers the same again', async () => {
    const a = await f.consumer('Huang Zhong');
    const b = await f.consumer('Wei Yan');
    await f.topup(a.id, '50.00');
    const key = crypto.randomUUID();
    const first = await send(a.token, { toPhone: b.phone, amount: '10.00' }, key).expect(201);
    const again = await send(a.token, { toPhone: b.phone, amount: '10.00' }, key).expect(201);
    expect(again.body).toEqual(first.body);
    await send(a.token, { toPhone: b.phone, amount: '11.00' }, key).expect(422);
    expect(await f.wallet(b.token)).toBe('10.00');
  });

  it('never spends more than the balance under concurrent transfers', async () => {
    const a = await f.consumer('Pang Tong');
    const b = await f.consumer('Fa Zheng');
    await f.topup(a.id, '50.00');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => send(a.token, { toPhone: b.phone, amount: '10.00' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 402)).toHaveLength(7);
    expect(await f.wallet(a.token)).toBe('0.00');
    expect(await f.wallet(b.token)).toBe('50.00');
  });

  it('holds money for a phone not registered, and delivers it when that phone registers', async () => {
    const a = await f.consumer('Sun Quan');
    await f.topup(a.id, '80.00');
    const phone = freshPhone();
    const transitBefore = BigInt(await inTransit());

    const res = await send(a.token, { toPhone: phone, amount: '25.00' }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', to: {}, amount: '25.00', expiresAt: expect.any(String) });
    expect(res.body.to.displayName).toBeUndefined();
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(7 * 24 * 3600 * 1000);
    expect(await f.wallet(a.token)).toBe('55.00');
    expect(BigInt(await inTransit()) - transitBefore).toBe(2500n);
    // the phone itself is kept nowhere: only a keyed hash of it
    const stored = await sql(t, `SELECT * FROM transfers WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(stored)).not.toContain(phone.slice(1));
    expect((await reconciliation()).heldForPeopleMatchesPending).toBe(true);

    const reg = await http().post('/v1/consumers').send({ name: 'Lu Su', phone, pin: '246810' }).expect(201);
    const newcomer = reg.body.token as string;
    expect(await f.wallet(newcomer)).toBe('25.00');
    expect((await statement(newcomer))[0]).toMatchObject({
      type: 'transfer_in',
      amount: '25.00',
      counterparty: { displayName: 'S*******' },
    });
    const settled = await getTransfer(a.token, res.body.id).expect(200);
    expect(settled.body).toMatchObject({ status: 'completed', to: { displayName: 'L****' } });
    await getTransfer(newcomer, res.body.id).expect(200);
    expect(BigInt(await inTransit())).toBe(transitBefore);
    const rec = await reconciliation();
    expect(rec).toMatchObject({ heldForPeopleMatchesPending: true, peopleMatchLedger: true, peopleMismatches: [] });
  });

  it('catches up a delivery the registration missed (a crash between the two)', async () => {
    const a = await f.consumer('Gan Ning');
    await f.topup(a.id, '10.00');
    const phone = freshPhone();
    const res = await send(a.token, { toPhone: phone, amount: '4.00' }).expect(201);
    // the account appears without the service's registration (as if the process died after its commit)
    const [row] = await sql<{ id: string }>(
      t,
      `INSERT INTO consumers (name, phone, pin_hash) VALUES ('Ling Tong', $1, 'x') RETURNING id`,
      [phone],
    );
    expect(await t.app.get(TransfersService).deliverRegistered()).toBeGreaterThanOrEqual(1);
    const [settled] = await sql(t, `SELECT status, recipient_id FROM transfers WHERE id = $1`, [res.body.id]);
    expect(settled).toEqual({ status: 'completed', recipient_id: row.id });
  });

  it('comes back to the sender after 7 days, once, however many processes run the return at once', async () => {
    const a = await f.consumer('Zhou Yu');
    await f.topup(a.id, '40.00');
    const phone = freshPhone();
    const res = await send(a.token, { toPhone: phone, amount: '40.00' }).expect(201);
    expect(await f.wallet(a.token)).toBe('0.00');

    // a closure waits for it
    const closing = await http()
      .post('/v1/me/closure')
      .set(...bearer(a.token))
      .send({ pin: a.pin })
      .expect(409);
    expect(closing.body.code).toBe('closure_blocked');

    // not yet due: nothing returns
    expect(await t.app.get(TransfersService).returnExpired()).toBe(0);
    // seven days pass
    await sql(t, `UPDATE transfers SET expires_at = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
    const [one, two, three] = await Promise.all([
      t.app.get(TransfersService).returnExpired(),
      other.app.get(TransfersService).returnExpired(),
      t.app.get(TransfersService).returnExpired(),
    ]);
    expect(one + two + three).toBeGreaterThanOrEqual(1);
    expect(await t.app.get(TransfersService).returnExpired()).toBe(0);
    expect(await f.wallet(a.token)).toBe('40.00');
    const entries = await sql(t, `SELECT id FROM ledger_entries WHERE reference = $1`, [
      `transfer_return:${res.body.id}`,
    ]);
    expect(entries).toHaveLength(1);
    expect((await getTransfer(a.token, res.body.id).expect(200)).body).toMatchObject({ status: 'returned' });
    expect((await statement(a.token))[0]).toMatchObject({ type: 'transfer_returned', amount: '40.00' });

    // the phone registering now finds nothing waiting
    const late = await http().post('/v1/consumers').send({ name: 'Xiao Qiao', phone, pin: '246810' }).expect(201);
    expect(await f.wallet(late.body.token)).toBe('0.00');
    // a return and a delivery at once: the row's lock lets only one settle it
    expect((await reconciliation()).heldForPeopleMatchesPending).toBe(true);
  });

  it('the reconciliation turns red when a transfer’s row and its entry disagree', async () => {
    const a = await f.consumer('Lu Xun');
    const b = await f.consumer('Lu Kang');
    await f.topup(a.id, '10.00');
    const res = await send(a.token, { toPhone: b.phone, amount: '3.00' }).expect(201);
    await sql(t, `ALTER TABLE transfers DISABLE TRIGGER trg_transfers_status_forward`);
    try {
      await sql(t, `UPDATE transfers SET amount = amount + 1 WHERE id = $1`, [res.body.id]);
      const rec = await reconciliation();
      expect(rec.reconciled).toBe(false);
      expect(rec.peopleMatchLedger).toBe(false);
      expect(rec.peopleMismatches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            problem: 'amounts_differ',
            type: 'transfer',
            id: res.body.id,
            entryKind: 'transfer',
            expectedNetDebit: '3.01',
            actualNetDebit: '3.00',
          }),
        ]),
      );
    } finally {
      await sql(t, `UPDATE transfers SET amount = amount - 1 WHERE id = $1`, [res.body.id]);
      await sql(t, `ALTER TABLE transfers ENABLE TRIGGER trg_transfers_status_forward`);
    }
    expect((await reconciliation()).peopleMatchLedger).toBe(true);
  });

  it('keeps a settled transfer settled: the database refuses to move its status back', async () => {
    const a = await f.consumer('Cheng Pu');
    const b = await f.consumer('Huang Gai');
    await f.topup(a.id, '5.00');
    const res = await send(a.token, { toPhone: b.phone, amount: '1.00' }).expect(201);
    await expect(sql(t, `UPDATE transfers SET status = 'returned' WHERE id = $1`, [res.body.id])).rejects.toThrow(
      /cannot change/,
    );
  });
});
