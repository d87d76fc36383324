import crypto from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { bearer, createMerchant, registerConsumer, sql, topUp, walletsOf } from '../../../test/support/api-fixtures';

/**
 * Five wrong PINs in a row lock the account for 15 minutes. Attempts are
 * claimed before they are judged, so parallel guesses cannot get more than
 * five PINs judged.
 */
describe('PIN lockout under parallel sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signIn = (phone: string, pin: string) => request(t.http).post('/v1/consumers/sessions').send({ phone, pin });

  async function lockState(consumerId: string): Promise<{ failed_attempts: number; locked_until: Date | null }> {
    const rows = await sql<{ failed_attempts: number; locked_until: Date | null }>(
      t,
      `SELECT failed_attempts, locked_until FROM consumers WHERE id = $1`,
      [consumerId],
    );
    return rows[0];
  }

  it('judges at most 5 of 10 parallel wrong PINs; the rest are 429 too_many_attempts, and then the right PIN is 429 too', async () => {
    const c = await registerConsumer(t, { pin: '314159' });
    const wrong = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(c.phone, String(100000 + i))));

    const judged = wrong.filter((r) => r.status === 401);
    const refused = wrong.filter((r) => r.status === 429);
    expect(judged.length).toBeLessThanOrEqual(5);
    expect(judged.length + refused.length).toBe(10);
    for (const r of judged) expect(r.body.code).toBe('invalid_credentials');
    for (const r of refused) expect(r.body.code).toBe('too_many_attempts');

    const row = await lockState(c.id);
    expect(row.failed_attempts).toBe(5);
    expect(row.locked_until).not.toBeNull();
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());

    const right = await signIn(c.phone, c.pin);
    expect(right.status).toBe(429);
    expect(right.body.token).toBeUndefined();
  });

  it('locks out the right PIN with 429 too_many_attempts after 9 parallel wrong PINs', async () => {
    const c = await registerConsumer(t, { pin: '271828' });
    const wrong = await Promise.all(Array.from({ length: 9 }, (_, i) => signIn(c.phone, String(200000 + i))));
    expect(wrong.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    expect(wrong.every((r) => r.status === 401 || (r.status === 429 && r.body.code === 'too_many_attempts'))).toBe(
      true,
    );

    const right = await signIn(c.phone, c.pin);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('too_many_attempts');
  });

  it('locks one account only: another consumer signs in meanwhile', async () => {
    const locked = await registerConsumer(t, { pin: '111222' });
    const other = await registerConsumer(t, { pin: '333444' });
    await Promise.all(Array.from({ length: 6 }, () => signIn(locked.phone, '999999')));
    expect((await signIn(locked.phone, locked.pin)).status).toBe(429);
    const res = await signIn(other.phone, other.pin);
    expect(res.status).toBe(201);
    expect(res.body.token).toEqual(expect.any(String));
  });
  describe('the PIN at payment (above the no-PIN limit)', () => {
    async function bigPayment() {
      const c = await registerConsumer(t, { pin: '424242' });
      await topUp(t, c.id, '5000.00');
      const m = await createMerchant(t);
      const code = await request(t.http)
        .post('/v1/merchant/qr-codes')
        .set(...bearer(m.apiKey))
        .send({ label: 'Big ticket', amount: '1500.00' })
        .expect(201);
      const scan = async () =>
        (
          await request(t.http)
            .post('/v1/scan')
            .set(...bearer(c.token))
            .send({ payload: code.body.payload })
            .expect(200)
        ).body.token as string;
      const pay = (token: string, pin?: string) =>
        request(t.http)
          .post('/v1/payments')
          .set(...bearer(c.token))
          .set('Idempotency-Key', crypto.randomUUID())
          .send({ token, ...(pin === undefined ? {} : { pin }) });
      return { c, scan, pay };
    }

    it('pays with the right PIN', async () => {
      const { c, scan, pay } = await bigPayment();
      const res = await pay(await scan(), c.pin);
      expect(res.status).toBe(201);
      expect(res.body.amount).toBe('1500.00');
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '3500.00' });
    });

    it('counts wrong PINs at payment toward the same lockout: after 5, the right PIN is 429 there and at sign-in', async () => {
      const { c, scan, pay } = await bigPayment();
      const token = await scan();
      for (let i = 1; i <= 5; i++) {
        const res = await pay(token, '000000');
        expect({ attempt: i, status: res.status, code: res.body.code }).toEqual({
          attempt: i,
          status: 401,
          code: 'invalid_credentials',
        });
      }
      const right = await pay(token, c.pin);
      expect({ status: right.status, code: right.body.code }).toEqual({ status: 429, code: 'too_many_attempts' });
      const signIn = await request(t.http).post('/v1/consumers/sessions').send({ phone: c.phone, pin: c.pin });
      expect({ status: signIn.status, code: signIn.body.code }).toEqual({ status: 429, code: 'too_many_attempts' });
      expect(await walletsOf(t, c.token)).toEqual({ CNY: '5000.00' });
    });
  });
});
