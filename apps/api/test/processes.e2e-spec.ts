import crypto from 'node:crypto';
import { freshPhone } from '../../../test/support/api-fixtures';
import { type ServiceProcess, startServiceProcess } from '../../../test/support/service-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two processes of the built service (dist/apps/api/src/main.js) on one
 * database, as behind a load balancer: what one revokes the other refuses
 * within a second, and a process stopped with SIGTERM answers every request
 * it had accepted.
 */
describe('several service processes, one database', () => {
  const adminKey = `processes-admin-${crypto.randomBytes(8).toString('hex')}`;
  const env = { SAOMA_MASTER_KEY: crypto.randomBytes(32).toString('base64'), AUTH_RATE_LIMIT_PER_MINUTE: '10000' };
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    a = await startServiceProcess({ name: 'proc_a', adminKey, env });
    b = await startServiceProcess({ name: 'proc_b', adminKey, env, databaseUrl: a.databaseUrl });
  }, 240_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const call = (base: string, method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it('a session signed out on one process is refused by the other within a second', async () => {
    const reg = await call(a.base, 'POST', '/v1/consumers', undefined, {
      name: 'Liu Bei',
      phone: freshPhone(),
      pin: '246810',
    });
    expect(reg.status).toBe(201);
    const { token } = (await reg.json()) as { token: string };
    expect((await call(b.base, 'GET', '/v1/me', token)).status).toBe(200);
    expect((await call(a.base, 'DELETE', '/v1/me/sessions/current', token)).status).toBe(204);
    expect((await call(a.base, 'GET', '/v1/me', token)).status).toBe(401);
    await sleep(1100);
    expect((await call(b.base, 'GET', '/v1/me', token)).status).toBe(401);
  });

  it('SIGTERM lets the requests in flight finish (each answered 201), then the process exits with 0', async () => {
    const inFlight = Array.from({ length: 8 }, () =>
      call(b.base, 'POST', '/v1/consumers', undefined, { name: 'Zhang Fei', phone: freshPhone(), pin: '246810' }).then(
        (r) => r.status,
        (e: Error) => `network error: ${e.message}`,
      ),
    );
    // received, and being hashed (scrypt, four at a time on libuv's pool) when the signal arrives
    await sleep(150);
    const exited = b.stop();
    const statuses = await Promise.all(inFlight);
    expect(statuses).toEqual(Array(8).fill(201));
    expect(await exited).toBe(0);
    // the other process goes on, and sees what the stopped one wrote
    expect((await call(a.base, 'GET', '/health/ready')).status).toBe(200);
  });
});
