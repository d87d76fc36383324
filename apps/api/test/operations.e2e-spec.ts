import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '@saoma/common';
import { applyMigrations } from '@saoma/database';
import request from 'supertest';
import { WebhookReceiver } from '../../../libs/webhooks/test/support/webhook-receiver';
import { MIGRATIONS } from '../../../migrations';
import { bearer, fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestDatabase } from '../../../test/support/test-database';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { AppModule } from '../src/app.module';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await sleep(100);
  }
}

/** What `npm run worker` builds (apps/api/src/worker.ts): the application without HTTP, jobs on. */
async function startWorker(t: TestApp): Promise<INestApplicationContext> {
  const config = { ...t.config, webhookWorkerEnabled: true, periodicJobs: true, ledgerFoldIntervalMs: 100 };
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: t.db.url, masterKey: t.masterKey, logger: new JsonLogger('silent') }),
    { logger: false },
  );
  await app.init();
  return app;
}

describe('operations: service processes without jobs, and workers that run them', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let f: ReturnType<typeof fixtures>;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    t = await createTestApp({ PERIODIC_JOBS: 'false', WEBHOOK_WORKER: 'false', LEDGER_FOLD_INTERVAL_MS: '100' });
    rx = await WebhookReceiver.start();
    f = fixtures(t);
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await t?.close();
    await rx?.close();
  });

  const unfolded = async () =>
    Number((await sql<{ n: string }>(t, `SELECT count(*)::text AS n FROM ledger_account_deltas`))[0].n);

  it('a service with PERIODIC_JOBS=false leaves the jobs to the workers; two workers at once do each once', async () => {
    const m = await f.merchant({ name: 'Worker Noodles', webhookUrl: rx.url('/w') });
    const code = await f.code(m.apiKey);
    const c = await f.consumer('Sun Quan');
    await f.topup(c.id, '100.00');
    for (let i = 0; i < 5; i++) await f.scanAndPay(c.token, code.payload, '3.00');
    const order = await f.order(m.apiKey, '9.00');
    await sql(t, `UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);

    // the service process itself folds nothing, delivers nothing and expires nothing
    await sleep(1500);
    expect(await unfolded()).toBeGreaterThan(0);
    expect(rx.received).toHaveLength(0);
    expect((await sql<{ status: string }>(t, `SELECT status FROM orders WHERE id = $1`, [order.id]))[0].status).toBe(
      'open',
    );

    workers.push(await startWorker(t), await startWorker(t));

    await until('deltas folded', unfolded, (n) => n === 0);
    const received = await until(
      'six webhooks',
      async () => rx.at('/w').length,
      (n) => n >= 6,
    );
    await sleep(1000); // a second delivery of the same event would arrive by now
    expect(rx.at('/w')).toHaveLength(received);
    const ids = rx.at('/w').map((w) => w.headers['webhook-id']);
    expect(new Set(ids).size).toBe(6);
    const types = rx.at('/w').map((w) => (JSON.parse(w.body) as { type: string }).type);
    expect(types.filter((x) => x === 'payment.succeeded')).toHaveLength(5);
    expect(types.filter((x) => x === 'order.expired')).toHaveLength(1);
    const got = await request(t.http)
      .get(`/v1/merchant/orders/${order.id}`)
      .set(...bearer(m.apiKey))
      .expect(200);
    expect(got.body.status).toBe('expired');

    // balances read the same before and after folding: the merchant got 5 × 3.00 less fees
    const trial = await request(t.http)
      .get('/v1/finance/trial-balance?currency=CNY')
      .set(...bearer(f.admin))
      .expect(200);
    expect(trial.body.balanced).toBe(true);
  });
});

describe('operations: migrations applied by several processes at once', () => {
  it('applies each migration once, whoever takes the lock first', async () => {
    const db = await createTestDatabase({ empty: true });
    try {
      const runs = await Promise.all([1, 2, 3].map(() => applyMigrations({ url: db.url, migrations: MIGRATIONS })));
      expect(runs.flat()).toHaveLength(MIGRATIONS.length);
      expect(runs.filter((r) => r.length === MIGRATIONS.length)).toHaveLength(1);
      const again = await applyMigrations({ url: db.url, migrations: MIGRATIONS });
      expect(again).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

describe('operations: reports on a read database (READ_DATABASE_URL)', () => {
  let primaryOnly: TestApp;
  let withReplica: TestApp;
  let replicaDb: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    replicaDb = await createTestDatabase();
    primaryOnly = await createTestApp();
    withReplica = await createTestApp({ READ_DATABASE_URL: replicaDb.url });
  });
  afterAll(async () => {
    await withReplica?.close().catch(() => undefined);
    await primaryOnly?.close();
    await replicaDb?.drop();
  });

  it('reads settlements, statements and the journal from the read database and says so; payments stay on the primary', async () => {
    // withReplica got a database of its own from createTestApp; its DATABASE_URL (where it pays) is that one
    const f = fixtures(withReplica);
    const m = await f.merchant({ name: 'Replica Tea' });
    const code = await f.code(m.apiKey);
    const c = await f.consumer('Lu Xun');
    await f.topup(c.id, '50.00');
    await f.scanAndPay(c.token, code.payload, '12.00');
    const today = new Date().toISOString().slice(0, 10);
    const admin = bearer(f.admin);

    // the read database (a copy taken before the payment) knows none of it: the report came from there
    const s = await request(withReplica.http)
      .get(`/v1/finance/settlements?date=${today}&currency=CNY`)
      .set(...admin);
    expect(s.status).toBe(200);
    expect(s.body.data).toEqual([]);
    expect(s.body.readFrom).toEqual({ replica: true, lagSeconds: 0 });
    const csv = await request(withReplica.http)
      .get(`/v1/finance/settlements?date=${today}&currency=CNY`)
      .set(...admin)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.headers['saoma-replica-lag']).toBe('0');
    const j = await request(withReplica.http)
      .get(`/v1/finance/journal?from=${today}&to=${today}`)
      .set(...admin);
    expect(j.status).toBe(200);
    expect(j.body.readFrom).toEqual({ replica: true, lagSeconds: 0 });
    expect(j.body.data).toEqual([]);
    const st = await request(withReplica.http)
      .get(`/v1/merchant/statements/${today}`)
      .set(...bearer(m.apiKey));
    expect(st.status).toBe(404); // the merchant is not on the read database yet

    // without READ_DATABASE_URL the same reports read the primary
    const p = fixtures(primaryOnly);
    const m2 = await p.merchant({ name: 'Primary Tea' });
    const code2 = await p.code(m2.apiKey);
    const c2 = await p.consumer('Ba Jin');
    await p.topup(c2.id, '50.00');
    await p.scanAndPay(c2.token, code2.payload, '12.00');
    const s2 = await request(primaryOnly.http)
      .get(`/v1/finance/settlements?date=${today}&currency=CNY`)
      .set(...admin)
      .expect(200);
    expect(s2.body.readFrom).toEqual({ replica: false, lagSeconds: 0 });
    expect(s2.body.data.map((l: { merchantId: string }) => l.merchantId)).toEqual([m2.id]);
    const csv2 = await request(primaryOnly.http)
      .get(`/v1/finance/settlements?date=${today}&currency=CNY`)
      .set(...admin)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv2.headers['saoma-replica-lag']).toBeUndefined();
    const st2 = await request(primaryOnly.http)
      .get(`/v1/merchant/statements/${today}`)
      .set(...bearer(m2.apiKey));
    expect(st2.status).toBe(200);
    expect(st2.body.readFrom).toEqual({ replica: false, lagSeconds: 0 });
    expect(st2.body.data).toHaveLength(1);
  });
});
