import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  ADMIN,
  bearer,
  createOperator,
  freshKey,
  registerConsumer,
  sql,
  topUp,
  topupBody,
  walletsOf,
} from '../../../test/support/api-fixtures';

describe('Idempotency-Key on money requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const postTopup = (body: unknown, key: string, credential = ADMIN) =>
    request(t.http)
      .post('/v1/topups')
      .set(...bearer(credential))
      .set('Idempotency-Key', key)
      .send(body as object);

  const withdraw = (token: string, body: unknown, key: string) =>
    request(t.http)
      .post('/v1/me/withdrawals')
      .set(...bearer(token))
      .set('Idempotency-Key', key)
      .send(body as object);

  /** Posted top-up entries that credit this consumer's wallets. */
  async function topupEntriesOf(consumerId: string): Promise<number> {
    const rows = await sql<{ n: string }>(
      t,
      `SELECT count(DISTINCT e.id) AS n
         FROM ledger_entries e
         JOIN ledger_postings p ON p.entry_id = e.id
         JOIN ledger_accounts a ON a.id = p.account_id
        WHERE e.kind = 'topup' AND e.status = 'posted' AND a.owner_type = 'consumer' AND a.owner_id = $1`,
      [consumerId],
    );
    return Number(rows[0].n);
  }

  it('replays a top-up with the same key and body: same status, byte-identical body, credited once', async () => {
    const c = await registerConsumer(t);
    const key = freshKey();
    const body = topupBody(c.id, '100.00');
    const first = await postTopup(body, key).expect(201);
    const second = await postTopup(body, key);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    const third = await postTopup(body, key);
    expect(third.status).toBe(201);
    expect(third.text).toBe(first.text);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '100.00' });
    expect(await topupEntriesOf(c.id)).toBe(1);
  });

  it('treats the same body with its fields in another order as the same request', async () => {
    const c = await registerConsumer(t);
    const key = freshKey();
    const body = topupBody(c.id, '8.00');
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await postTopup(body, key).expect(201);
    const again = await postTopup(reordered, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '8.00' });
  });

  it('refuses the same key with a different body with 422 idempotency_key_reused and books nothing', async () => {
    const c = await registerConsumer(t);
    const key = freshKey();
    const body = topupBody(c.id, '100.00');
    await postTopup(body, key).expect(201);
    const res = await postTopup({ ...body, amount: '200.00' }, key).expect(422);
    expect(res.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '100.00' });
    expect(await topupEntriesOf(c.id)).toBe(1);
  });

  it('refuses the same key for a withdrawal of another amount with 422 idempotency_key_reused', async () => {
    const c = await registerConsumer(t);
    const key = freshKey();
    await topUp(t, c.id, '50.00');
    await withdraw(c.token, { amount: '1.00', currency: 'CNY' }, key).expect(201);
    const res = await withdraw(c.token, { amount: '2.00', currency: 'CNY' }, key).expect(422);
    expect(res.body.code).toBe('idempotency_key_reused');
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '49.00' });
  });

  it('scopes keys per principal: another operator with the same key gets its own top-up', async () => {
    const c = await registerConsumer(t);
    const finance = await createOperator(t, 'finance');
    const otherAdmin = await createOperator(t, 'admin');
    const key = freshKey('shared');
    const byAdmin = await postTopup(topupBody(c.id, '10.00'), key, ADMIN).expect(201);
    const byFinance = await postTopup(topupBody(c.id, '20.00'), key, finance.apiKey);
    expect(byFinance.status).toBe(201);
    expect(byFinance.body.amount).toBe('20.00');
    expect(byFinance.body.id).not.toBe(byAdmin.body.id);
    const byOtherAdmin = await postTopup(topupBody(c.id, '30.00'), key, otherAdmin.apiKey);
    expect(byOtherAdmin.status).toBe(201);
    expect(byOtherAdmin.body.id).not.toBe(byAdmin.body.id);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '60.00' });
    expect(await topupEntriesOf(c.id)).toBe(3);
  });

  it('scopes keys per principal: two consumers with the same key each withdraw', async () => {
    const a = await registerConsumer(t);
    const b = await registerConsumer(t);
    await topUp(t, a.id, '10.00');
    await topUp(t, b.id, '10.00');
    const key = freshKey('shared');
    const body = { amount: '4.00', currency: 'CNY' };
    const ra = await withdraw(a.token, body, key).expect(201);
    const rb = await withdraw(b.token, body, key);
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(await walletsOf(t, a.token)).toEqual({ CNY: '6.00' });
    expect(await walletsOf(t, b.token)).toEqual({ CNY: '6.00' });
  });

  it('runs 20 parallel top-ups with one key exactly once: the rest are 409 idempotency_key_in_use or the identical replay', async () => {
    const c = await registerConsumer(t);
    const key = freshKey('burst');
    const body = topupBody(c.id, '100.00');
    const responses = await Promise.all(Array.from({ length: 20 }, () => postTopup(body, key)));

    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const firstText = created[0].text;
    for (const r of responses) {
      if (r.status === 201) expect(r.text).toBe(firstText);
      else expect({ status: r.status, code: r.body.code }).toEqual({ status: 409, code: 'idempotency_key_in_use' });
    }
    expect(await topupEntriesOf(c.id)).toBe(1);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '100.00' });

    // once it has finished, the key replays the one top-up
    const later = await postTopup(body, key);
    expect(later.status).toBe(201);
    expect(later.text).toBe(firstText);
  });

  it('runs 20 parallel withdrawals with one key exactly once', async () => {
    const c = await registerConsumer(t);
    await topUp(t, c.id, '100.00');
    const key = freshKey('burst');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => withdraw(c.token, { amount: '10.00', currency: 'CNY' }, key)),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    expect(
      responses
        .filter((r) => r.status !== 201)
        .every((r) => r.status === 409 && r.body.code === 'idempotency_key_in_use'),
    ).toBe(true);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '90.00' });
  });

  it('replays a refused withdrawal (402) as the identical 402 under its key, even once the wallet could pay', async () => {
    const c = await registerConsumer(t);
    await topUp(t, c.id, '10.00');
    const key = freshKey();
    const body = { amount: '50.00', currency: 'CNY' };
    const refused = await withdraw(c.token, body, key).expect(402);
    expect(refused.body.code).toBe('insufficient_funds');

    await topUp(t, c.id, '100.00');
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '110.00' });

    const replay = await withdraw(c.token, body, key);
    expect(replay.status).toBe(402);
    expect(replay.text).toBe(refused.text);
    expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '110.00' });

    // a new key is a new request, and now it succeeds
    await withdraw(c.token, body, freshKey()).expect(201);
    expect(await walletsOf(t, c.token)).toEqual({ CNY: '60.00' });
  });

  it('replays a refused top-up (422 invalid_amount) as the identical refusal', async () => {
    const c = await registerConsumer(t);
    const key = freshKey();
    const body = topupBody(c.id, '1.234');
    const first = await postTopup(body, key).expect(422);
    expect(first.body.code).toBe('invalid_amount');
    const again = await postTopup(body, key);
    expect(again.status).toBe(422);
    expect(again.text).toBe(first.text);
  });

  it('keeps records and ledger consistent: every done top-up record has exactly one top-up and one posted entry, and none is left running', async () => {
    // some traffic of its own, on top of what the other tests left
    const c = await registerConsumer(t);
    for (let i = 0; i < 3; i++) await topUp(t, c.id, '1.00');

    const records = await sql<{ response_status: number; response_body: string }>(
      t,
      `SELECT response_status, response_body FROM idempotency_records WHERE state = 'done' AND response_status = 201`,
    );
    const topupIds = records
      .map((r) => JSON.parse(r.response_body) as { id?: string; bankReference?: string })
      .filter((b) => b.bankReference !== undefined)
      .map((b) => b.id as string);
    expect(topupIds.length).toBeGreaterThanOrEqual(3);
    expect(new Set(topupIds).size).toBe(topupIds.length);

    for (const id of topupIds) {
      const rows = await sql<{ n: string }>(
        t,
        `SELECT count(*) AS n FROM topups tp JOIN ledger_entries e ON e.id = tp.entry_id AND e.status = 'posted' AND e.kind = 'topup' WHERE tp.id = $1`,
        [id],
      );
      expect({ id, topups: rows[0].n }).toEqual({ id, topups: '1' });
    }
    // and the other way round: no top-up was booked without its record
    const all = await sql<{ id: string }>(t, `SELECT id FROM topups`);
    expect(all.map((r) => r.id).sort()).toEqual([...topupIds].sort());

    const running = await sql<{ n: string }>(
      t,
      `SELECT count(*) AS n FROM idempotency_records WHERE state = 'running'`,
    );
    expect(running[0].n).toBe('0');
  });
});
