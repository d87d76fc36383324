import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { bearer, createMerchant, registerConsumer, sql, topUp } from '../../../test/support/api-fixtures';
import { parsePaymentCode, paymentCodeOf, totpAt } from '@saoma/payments';

/** Packs of the consumer-presented payment code: made after the PIN, listed without keys, deleted. */
describe('payment code packs (POST/GET/DELETE /v1/me/payment-codes)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newPack = (token: string, body: Record<string, unknown>) =>
    request(t.http)
      .post('/v1/me/payment-codes')
      .set(...bearer(token))
      .send(body);
  const packs = async (token: string) =>
    (
      await request(t.http)
        .get('/v1/me/payment-codes')
        .set(...bearer(token))
        .expect(200)
    ).body.data as Array<Record<string, unknown>>;

  it('makes a pack after the PIN: a 32-byte key, 20 distinct handles, 60 s and 6 digits, at most 7 days, the offline limit per currency held', async () => {
    const c = await registerConsumer(t);
    await topUp(t, c.id, '50.00', 'CNY');
    const before = Date.now();
    const res = await newPack(c.token, { pin: c.pin, deviceName: 'Li Lei’s phone' }).expect(201);
    const p = res.body;
    expect(Buffer.from(p.key, 'base64url')).toHaveLength(32);
    expect(p).toMatchObject({
      period: 60,
      digits: 6,
      offlineLimit: [{ currency: 'CNY', amount: expect.stringMatching(/^\d+\.\d\d$/) }],
    });
    expect(p.handles).toHaveLength(20);
    expect(new Set(p.handles).size).toBe(20);
    expect(p.handles.every((h: string) => /^\d{10}$/.test(h))).toBe(true);
    const lifetime = new Date(p.expiresAt).getTime() - before;
    expect(lifetime).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 86_400_000 + 5_000);
    // a code computed from the pack, as the phone does offline
    const code = paymentCodeOf({
      handle: p.handles[0],
      totp: await totpAt(Buffer.from(p.key, 'base64url'), Date.now() / 1000),
    });
    expect(parsePaymentCode(code)).toEqual({ handle: p.handles[0], totp: expect.stringMatching(/^\d{6}$/) });
    // the key is stored encrypted: its bytes are nowhere in the row
    const [row] = await sql<{ key_blob: Buffer }>(t, `SELECT key_blob FROM payment_code_packs WHERE id = $1`, [
      p.packId,
    ]);
    expect(row.key_blob.includes(Buffer.from(p.key, 'base64url'))).toBe(false);
  });

  it('refuses a wrong PIN with 401 invalid_credentials and makes no pack', async () => {
    const c = await registerConsumer(t);
    const res = await newPack(c.token, { pin: c.pin === '111111' ? '222222' : '111111' }).expect(401);
    expect(res.body.code).toBe('invalid_credentials');
    expect(await packs(c.token)).toEqual([]);
    expect((await newPack(c.token, { pin: 'abc' }).expect(400)).body.code).toBe('validation_failed');
  });

  it('lists the live packs with the handles left, never a key; a deleted pack is gone, and only its owner can delete it', async () => {
    const c = await registerConsumer(t);
    const other = await registerConsumer(t);
    const a = (await newPack(c.token, { pin: c.pin, deviceName: 'phone A' }).expect(201)).body;
    const b = (await newPack(c.token, { pin: c.pin }).expect(201)).body;
    const listed = await packs(c.token);
    expect(listed.map((p) => p.packId).sort()).toEqual([a.packId, b.packId].sort());
    expect(listed.find((p) => p.packId === a.packId)).toEqual({
      packId: a.packId,
      deviceName: 'phone A',
      handlesLeft: 20,
      expiresAt: a.expiresAt,
    });
    expect(JSON.stringify(listed)).not.toContain(a.key);
    expect(await packs(other.token)).toEqual([]);

    await request(t.http)
      .delete(`/v1/me/payment-codes/${a.packId}`)
      .set(...bearer(other.token))
      .expect(404);
    await request(t.http)
      .delete(`/v1/me/payment-codes/${a.packId}`)
      .set(...bearer(c.token))
      .expect(204);
    expect((await packs(c.token)).map((p) => p.packId)).toEqual([b.packId]);
    const [row] = await sql<{ deleted: boolean }>(
      t,
      `SELECT deleted_at IS NOT NULL AS deleted FROM payment_code_packs WHERE id = $1`,
      [a.packId],
    );
    expect(row.deleted).toBe(true);
  });

  it('is a consumer’s route: a merchant gets 403, no credential 401', async () => {
    const m = await createMerchant(t);
    await request(t.http)
      .get('/v1/me/payment-codes')
      .set(...bearer(m.apiKey))
      .expect(403);
    await request(t.http).get('/v1/me/payment-codes').expect(401);
  });
});
