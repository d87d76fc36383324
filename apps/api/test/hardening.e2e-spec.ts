import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../../../libs/common/src';
import { fixtures } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

const phone = () => `+86137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;

/**
 * Limits count in fixed minutes (the database's clock, the same machine's): a
 * test that fills a window starts early enough in one that it cannot cross
 * into the next on a slow machine (registrations hash a PIN each).
 */
async function earlyInAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 30_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 250));
}

describe('rate limits on credentials', () => {
  let t: TestApp;
  beforeAll(async () => {
    // three registrations and sign-ins per minute per client address; TRUST_PROXY lets the test speak from several addresses
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });

  it('refuses the fourth registration from one address with 429 rate_limited and creates nothing; another address goes on', async () => {
    await earlyInAMinute();
    for (let i = 0; i < 3; i++)
      await request(t.http)
        .post('/v1/consumers')
        .set(from('198.51.100.7'))
        .send({ name: 'R', phone: phone(), pin: '135790' })
        .expect(201);
    const fourth = phone();
    const res = await request(t.http)
      .post('/v1/consumers')
      .set(from('198.51.100.7'))
      .send({ name: 'R', phone: fourth, pin: '135790' })
      .expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('rate_limited');
    const [{ n }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM consumers WHERE phone = $1`, [fourth]);
    expect(n).toBe(0);
    // the refused phone is still free
    await request(t.http)
      .post('/v1/consumers')
      .set(from('198.51.100.8'))
      .send({ name: 'R', phone: fourth, pin: '135790' })
      .expect(201);
  });

  it('refuses the fourth sign-in from one address, right PIN or not', async () => {
    await earlyInAMinute();
    const p = phone();
    await request(t.http)
      .post('/v1/consumers')
      .set(from('198.51.100.20'))
      .send({ name: 'S', phone: p, pin: '135790' })
      .expect(201);
    for (let i = 0; i < 3; i++)
      await request(t.http)
        .post('/v1/consumers/sessions')
        .set(from('198.51.100.21'))
        .send({ phone: p, pin: '135790' })
        .expect(201);
    const res = await request(t.http)
      .post('/v1/consumers/sessions')
      .set(from('198.51.100.21'))
      .send({ phone: p, pin: '135790' })
      .expect(429);
    expect(res.body.code).toBe('rate_limited');
  });

  it('limits sign-ins per phone across addresses: 20 a minute, the 21st is 429 rate_limited even with the right PIN', async () => {
    await earlyInAMinute();
    const p = phone();
    await request(t.http)
      .post('/v1/consumers')
      .set(from('198.51.100.30'))
      .send({ name: 'P', phone: p, pin: '135790' })
      .expect(201);
    // 20 addresses, one sign-in each (under the per-address limit), all right
    for (let i = 0; i < 20; i++)
      await request(t.http)
        .post('/v1/consumers/sessions')
        .set(from(`203.0.113.${i + 1}`))
        .send({ phone: p, pin: '135790' })
        .expect(201);
    const res = await request(t.http)
      .post('/v1/consumers/sessions')
      .set(from('203.0.113.200'))
      .send({ phone: p, pin: '135790' })
      .expect(429);
    expect(res.body.code).toBe('rate_limited');
    // another phone from a fresh address is not affected
    const q = phone();
    await request(t.http)
      .post('/v1/consumers')
      .set(from('198.51.100.31'))
      .send({ name: 'Q', phone: q, pin: '135790' })
      .expect(201);
    await request(t.http)
      .post('/v1/consumers/sessions')
      .set(from('203.0.113.201'))
      .send({ phone: q, pin: '135790' })
      .expect(201);
  });
});

describe('secrets never reach the logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await createTestApp({ LOG_LEVEL: 'debug' }, { logger: new JsonLogger('debug', sink) });
  });
  afterAll(() => t.close());

  it('logs each request with its id, and no PIN, session token, API key or Authorization header', async () => {
    const f = fixtures(t);
    const m = await f.merchant({ name: 'Log Shop' });
    const k = await f.consumer('Log Lei');
    await f.topup(k.id, '50.00');
    const code = await f.code(m.apiKey);
    await f.scanAndPay(k.token, code.payload, '1.00');
    await request(t.http).post('/v1/consumers/sessions').send({ phone: k.phone, pin: '999999' }).expect(401); // a wrong PIN too
    await request(t.http).get('/v1/me').set('Authorization', `Bearer ${k.token}x`).expect(401); // and a forged token
    const text = lines.join('');
    // the request log is there, a line per request with its id
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' || l.context === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(8);
    for (const r of requests) expect(r.reqId).toEqual(expect.any(String));
    for (const secret of [k.pin, '999999', k.token, m.apiKey, f.admin, k.token.split('.')[2]])
      expect(text).not.toContain(secret);
  });
});
