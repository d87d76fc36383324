import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

describe('the service surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health with a database round trip', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('gives problem+json not_found for an unknown route', async () => {
    const res = await request(t.http).get('/v1/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      code: 'not_found',
      title: expect.any(String),
      type: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('gives 400 malformed_json for a body that is not JSON', async () => {
    const res = await request(t.http)
      .post('/v1/consumers')
      .set('Content-Type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('gives 400 validation_failed listing the fields, and refuses unknown fields', async () => {
    const res = await request(t.http)
      .post('/v1/consumers')
      .send({ name: '', phone: '123', pin: '12', extra: 1 })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'name', 'phone', 'pin']);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await request(t.http)
      .post('/v1/consumers')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), phone: '+8613800000000', pin: '123456' }))
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/v1/consumers', '/v1/topups']));
    await request(t.http).get('/docs').expect(200);
  });

  it('sends security headers and no CORS permission', async () => {
    const res = await request(t.http).get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});

describe('health when the database is gone', () => {
  let t: TestApp;
  let admin: Client;
  let db: string;
  beforeAll(async () => {
    t = await createTestApp();
    const url = new URL(t.db.url);
    db = url.pathname.slice(1);
    url.pathname = '/postgres';
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  it('answers 503 service_unavailable as problem+json with Retry-After on every route (never 500), and recovers by itself', async () => {
    const consumer = (
      await request(t.http)
        .post('/v1/consumers')
        .send({ name: 'Li Lei', phone: `+8613${String(Date.now()).slice(-9)}`, pin: '246810' })
        .expect(201)
    ).body;
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/health/ready').expect(200, { status: 'ready' });
    // no new connections, and the pool's connections cut
    await admin.query(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db],
    );
    const down = await request(t.http).get('/health').expect(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(down.headers['retry-after']).toBe('2');
    const notReady = await request(t.http).get('/health/ready').expect(503);
    expect(notReady.headers['retry-after']).toBe('2');
    // a route that reads the database, with a valid session (checked without the database)
    for (let i = 0; i < 3; i++) {
      const me = await request(t.http).get('/v1/me').set('Authorization', `Bearer ${consumer.token}`);
      expect({ status: me.status, code: me.body.code, retryAfter: me.headers['retry-after'] }).toEqual({
        status: 503,
        code: 'service_unavailable',
        retryAfter: '2',
      });
    }
    await admin.query(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS true`);
    // the pool may still hand out a connection that was cut before it noticed; within seconds it heals
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      status = (await request(t.http).get('/health/ready')).status;
    }
    expect(status).toBe(200);
    await request(t.http).get('/v1/me').set('Authorization', `Bearer ${consumer.token}`).expect(200);
  });
});
