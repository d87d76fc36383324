import crypto from 'node:crypto';
import request from 'supertest';
import { RedEnvelopesService } from '@saoma/payments';
import { bearer, fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

describe('red envelopes (红包)', () => {
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
  const make = (token: string, body: Record<string, unknown>, key: string = crypto.randomUUID()) =>
    http()
      .post('/v1/red-envelopes')
      .set(...bearer(token))
      .set('Idempotency-Key', key)
      .send({ currency: 'CNY', ...body });
  const claim = (token: string, code: string, key: string = crypto.randomUUID()) =>
    http()
      .post('/v1/red-envelopes/claims')
      .set(...bearer(token))
      .set('Idempotency-Key', key)
      .send({ code });
  const envelope = (token: string, id: string) =>
    http()
      .get(`/v1/red-envelopes/${id}`)
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
  const expire = (id: string) =>
    sql(t, `UPDATE red_envelopes SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
  const cents = (amount: string) => BigInt(amount.replace('.', ''));

  it('takes the money at once, and each claimer gets a share with the sender’s masked name', async () => {
    const li = await f.consumer('Li Lei');
    const han = await f.consumer('韩梅梅');
    await f.topup(li.id, '100.00');

    const res = await make(li.token, { total: '10.00', count: 3, split: 'equal', message: '恭喜发财' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{12}$/),
      total: '10.00',
      currency: 'CNY',
      count: 3,
      split: 'equal',
      message: '恭喜发财',
      status: 'open',
      remaining: '10.00',
      claims: [],
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(24 * 3600 * 1000);
    expect(await f.wallet(li.token)).toBe('90.00');

    const got = await claim(han.token, res.body.code.toLowerCase()).expect(201);
    expect(got.body).toEqual({
      envelopeId: res.body.id,
      amount: '3.34',
      currency: 'CNY',
      from: { displayName: 'L*****' },
      at: expect.any(String),
    });
    expect(await f.wallet(han.token)).toBe('3.34');

    // the sender and the claimer see who claimed what, masked; anyone else sees nothing
    const seen = await envelope(li.token, res.body.id).expect(200);
    expect(seen.body).toMatchObject({
      status: 'open',
      remaining: '6.66',
      claims: [{ displayName: '韩**', amount: '3.34' }],
    });
    const asClaimer = await envelope(han.token, res.body.id).expect(200);
    expect(asClaimer.body.code).toBeUndefined();
    const stranger = await f.consumer('Zhang San');
    await envelope(stranger.token, res.body.id).expect(404);
    expect(JSON.stringify(seen.body)).not.toContain(han.id);

    expect((await statement(li.token))[0]).toMatchObject({ type: 'red_envelope_sent', amount: '-10.00' });
    expect((await statement(han.token))[0]).toMatchObject({
      type: 'red_envelope_received',
      amount: '3.34',
      counterparty: { displayName: 'L*****' },
    });
    const received = await http()
      .get('/v1/red-envelopes?role=received')
      .set(...bearer(han.token))
      .expect(200);
    expect(received.body.data).toEqual([
      expect.objectContaining({ id: res.body.id, role: 'received', myAmount: '3.34', from: { displayName: 'L*****' } }),
    ]);
  });

  it('refuses what the contract refuses, moving nothing', async () => {
    const a = await f.consumer('Zhao Yun');
    const b = await f.consumer('Ma Chao');
    await f.topup(a.id, '5.00');
    const refuse = async (r: request.Response, status: number, code: string) => {
      expect(r.status).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe(code);
    };
    await refuse(await make(a.token, { total: '0.09', count: 10, split: 'random' }), 422, 'invalid_amount');
    await refuse(await make(a.token, { total: '1.00', count: 0, split: 'random' }), 400, 'validation_failed');
    await refuse(await make(a.token, { total: '1.00', count: 101, split: 'random' }), 400, 'validation_failed');
    await refuse(await make(a.token, { total: '1.00', count: 2, split: 'half' }), 400, 'validation_failed');
    await refuse(await make(a.token, { total: '5.01', count: 2, split: 'equal' }), 402, 'insufficient_funds');
    await refuse(await claim(b.token, 'NOSUCHCODE22'), 404, 'envelope_not_found');
    expect(await f.wallet(a.token)).toBe('5.00');

    const one = await make(a.token, { total: '1.00', count: 1, split: 'random' }).expect(201);
    await claim(b.token, one.body.code).expect(201);
    await refuse(await claim(b.token, one.body.code), 409, 'already_claimed');
    const c = await f.consumer('Huang Zhong');
    await refuse(await claim(c.token, one.body.code), 410, 'envelope_empty');
    expect((await envelope(a.token, one.body.id).expect(200)).body).toMatchObject({
      status: 'emptied',
      remaining: '0.00',
    });

    const late = await make(a.token, { total: '1.00', count: 2, split: 'equal' }).expect(201);
    await expire(late.body.id);
    await refuse(await claim(c.token, late.body.code), 410, 'envelope_expired');
  });

  it('replays a claim for its Idempotency-Key instead of refusing it', async () => {
    const a = await f.consumer('Wei Yan');
    const b = await f.consumer('Guan Ping');
    await f.topup(a.id, '2.00');
    const e = await make(a.token, { total: '2.00', count: 2, split: 'equal' }).expect(201);
    const key = crypto.randomUUID();
    const first = await claim(b.token, e.body.code, key).expect(201);
    expect((await claim(b.token, e.body.code, key).expect(201)).body).toEqual(first.body);
    expect(await f.wallet(b.token)).toBe('1.00');
  });

  it('is exact under concurrency: 50 claims at once on 10 shares, exactly 10 succeed', async () => {
    const sender = await f.consumer('Sun Quan');
    await f.topup(sender.id, '100.00');
    const e = await make(sender.token, { total: '88.88', count: 10, split: 'random' }).expect(201);
    const claimers = await Promise.all(Array.from({ length: 50 }, (_, i) => f.consumer(`Claimer ${i}`)));
    const results = await Promise.all(claimers.map((c) => claim(c.token, e.body.code)));
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(10);
    expect(results.filter((r) => r.status === 410 && r.body.code === 'envelope_empty')).toHaveLength(40);
    expect(won.reduce((s, r) => s + cents(r.body.amount), 0n)).toBe(8888n);
    const seen = (await envelope(sender.token, e.body.id).expect(200)).body;
    expect(seen).toMatchObject({ status: 'emptied', remaining: '0.00' });
    expect(seen.claims).toHaveLength(10);
    const rec = await reconciliation();
    expect(rec).toMatchObject({ heldForPeopleMatchesPending: true, peopleMatchLedger: true });
  });

  it('returns what is unclaimed at expiry, once, however many processes run the return at once', async () => {
    const a = await f.consumer('Zhou Yu');
    const b = await f.consumer('Xiao Qiao');
    await f.topup(a.id, '30.00');
    const e = await make(a.token, { total: '30.00', count: 3, split: 'equal' }).expect(201);
    await claim(b.token, e.body.code).expect(201);
    expect(await f.wallet(a.token)).toBe('0.00');
    await t.app.get(RedEnvelopesService).returnExpired(); // envelopes other tests let expire

    // while it can be claimed, the account cannot close
    const closing = await http()
      .post('/v1/me/closure')
      .set(...bearer(a.token))
      .send({ pin: a.pin })
      .expect(409);
    expect(closing.body.code).toBe('closure_blocked');

    expect(await t.app.get(RedEnvelopesService).returnExpired()).toBe(0);
    await expire(e.body.id);
    const counts = await Promise.all([
      t.app.get(RedEnvelopesService).returnExpired(),
      other.app.get(RedEnvelopesService).returnExpired(),
      t.app.get(RedEnvelopesService).returnExpired(),
    ]);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(1);
    expect(await other.app.get(RedEnvelopesService).returnExpired()).toBe(0);
    expect(await f.wallet(a.token)).toBe('20.00');
    const entries = await sql(t, `SELECT id FROM ledger_entries WHERE reference = $1`, [
      `red_envelope_return:${e.body.id}`,
    ]);
    expect(entries).toHaveLength(1);
    expect((await envelope(a.token, e.body.id).expect(200)).body).toMatchObject({
      status: 'expired',
      remaining: '0.00',
      returned: '20.00',
    });
    expect((await statement(a.token))[0]).toMatchObject({ type: 'red_envelope_returned', amount: '20.00' });
    expect((await reconciliation()).heldForPeopleMatchesPending).toBe(true);
  });

  it('keeps the books: the reconciliation turns red when an envelope’s entry is damaged', async () => {
    const a = await f.consumer('Lu Xun');
    const b = await f.consumer('Lu Kang');
    await f.topup(a.id, '10.00');
    const e = await make(a.token, { total: '6.00', count: 2, split: 'equal' }).expect(201);
    await claim(b.token, e.body.code).expect(201);
    expect(await reconciliation()).toMatchObject({ peopleMatchLedger: true, heldForPeopleMatchesPending: true });

    // the claim's posting to the claimer's wallet is moved to the sender's: the books still balance, the envelope does not
    const [claimEntry] = await sql<{ entry_id: string }>(
      t,
      `SELECT entry_id FROM red_envelope_shares WHERE envelope_id = $1 AND claimed_by IS NOT NULL`,
      [e.body.id],
    );
    const [wallets] = await sql<{ sender: string; claimer: string }>(
      t,
      `SELECT (SELECT id FROM ledger_accounts WHERE code = $1) AS sender, (SELECT id FROM ledger_accounts WHERE code = $2) AS claimer`,
      [`consumer:${a.id}:CNY`, `consumer:${b.id}:CNY`],
    );
    await sql(t, `ALTER TABLE ledger_postings DISABLE TRIGGER USER`);
    try {
      await sql(t, `UPDATE ledger_postings SET account_id = $1 WHERE entry_id = $2 AND account_id = $3`, [
        wallets.sender,
        claimEntry.entry_id,
        wallets.claimer,
      ]);
      const rec = await reconciliation();
      expect(rec.reconciled).toBe(false);
      expect(rec.peopleMatchLedger).toBe(false);
      expect(rec.peopleMismatches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            problem: 'amounts_differ',
            type: 'red_envelope',
            id: e.body.id,
            entryKind: 'red_envelope_claim',
            account: `consumer:${b.id}:CNY`,
            expectedNetDebit: '-3.00',
            actualNetDebit: '0.00',
          }),
        ]),
      );
    } finally {
      await sql(t, `UPDATE ledger_postings SET account_id = $1 WHERE entry_id = $2 AND account_id = $3`, [
        wallets.claimer,
        claimEntry.entry_id,
        wallets.sender,
      ]);
      await sql(t, `ALTER TABLE ledger_postings ENABLE TRIGGER USER`);
    }
    expect((await reconciliation()).peopleMatchLedger).toBe(true);
  });

  it('lets a frozen wallet receive from an envelope but not make one', async () => {
    const a = await f.consumer('Cheng Pu');
    const b = await f.consumer('Huang Gai');
    await f.topup(a.id, '4.00');
    await f.topup(b.id, '4.00');
    const e = await make(a.token, { total: '2.00', count: 1, split: 'random' }).expect(201);
    await sql(t, `UPDATE consumers SET frozen_at = now(), frozen_reason = 'test' WHERE id = $1`, [b.id]);
    await new Promise((r) => setTimeout(r, 1100)); // a session's state is trusted for a second
    await claim(b.token, e.body.code).expect(201);
    const refused = await make(b.token, { total: '1.00', count: 1, split: 'random' }).expect(423);
    expect(refused.body.code).toBe('account_frozen');
  });

  it('draws each share once: the database keeps the shares adding up to the total and a claim made once', async () => {
    const a = await f.consumer('Gan Ning');
    const b = await f.consumer('Ling Tong');
    await f.topup(a.id, '5.00');
    const e = await make(a.token, { total: '5.00', count: 2, split: 'random' }).expect(201);
    await claim(b.token, e.body.code).expect(201);
    await expect(
      sql(t, `UPDATE red_envelope_shares SET amount = amount + 1 WHERE envelope_id = $1 AND position = 1`, [e.body.id]),
    ).rejects.toThrow(/cannot change/);
    await expect(
      sql(t, `UPDATE red_envelope_shares SET claimed_by = $2 WHERE envelope_id = $1 AND position = 0`, [
        e.body.id,
        a.id,
      ]),
    ).rejects.toThrow(/cannot change/);
  });
});
