/*
 * Scan-and-pay benchmark over HTTP: `npm run bench` (builds first).
 *
 * Starts the service (`node dist/apps/api/src/main.js`) on a fresh embedded
 * PostgreSQL in a temporary data directory (or, with DATABASE_URL set, on a
 * fresh database of that server, dropped afterwards). Then, in one run:
 *   0. pgbench TPC-B-like on the same PostgreSQL server (when pgbench is installed);
 *   1. scan + pay, 32 clients, spread over 50 merchants;
 *   2. scan + pay, 32 clients, all to one merchant;
 *   3. scan + pay, 8 clients, spread;
 * each with payments/s, p50/p95/p99 latency of scan + pay, errors, and the
 * CPU each part of the machine spent per payment; at the end the ratio to
 * pgbench, the service's RSS and the error count. Each client pays with a
 * consumer of its own, a fresh Idempotency-Key per payment.
 *
 * BENCH_SECONDS (default 15), BENCH_CLIENTS (default 32), BENCH_MERCHANTS (default 50),
 * BENCH_NODE_ARGS (flags for the service's node, e.g. --cpu-prof), BENCH_ENV
 * (extra service environment, "K=V K=V"), BENCH_PGBENCH=0 to skip pgbench.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { Client } from 'pg';
import { startServiceProcess } from '../support/service-process';
import { type CpuSample, cpuPer, rssMb, sampleCpu } from './cpu-usage';
import { pgbenchTps } from './pgbench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 50);
const ADMIN = `bench-admin-${crypto.randomBytes(12).toString('hex')}`;

let base = new URL('http://127.0.0.1');
// node:http with kept-alive sockets: the load generator shares the two cores with what it measures, and fetch() cost twice as much CPU per request
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
/** The API's JSON, read loosely: the bench only picks a few fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Json = any;

function call(
  method: string,
  p: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: p,
        headers: {
          'content-type': 'application/json',
          ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function must(
  method: string,
  p: string,
  token: string | null,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Json> {
  const r = await call(method, p, token, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

function pct(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface RunResult {
  rate: number;
  errors: number;
}

/**
 * Transactions the service's database has committed or rolled back so far:
 * every autocommit statement counts as one, so the difference over a run,
 * per payment, tells how many round trips a payment costs the database
 * (deterministic where timings are not). Statistics reach the view within a
 * second of a backend going idle.
 */
async function databaseTransactions(url: string | undefined): Promise<bigint | null> {
  if (!url) return null;
  await new Promise((r) => setTimeout(r, 1200));
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return BigInt(r.rows[0].n);
  } finally {
    await c.end();
  }
}

async function run(
  label: string,
  databaseUrl: string | undefined,
  servicePid: number,
  clients: number,
  consumers: Array<{ token: string }>,
  payloads: string[],
): Promise<RunResult> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const deadline = Date.now() + SECONDS * 1000;
  let n = 0;
  const xacts0 = await databaseTransactions(databaseUrl);
  const cpu0: CpuSample = sampleCpu(servicePid);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const k = consumers[c % consumers.length];
      while (Date.now() < deadline) {
        const payload = payloads[n++ % payloads.length];
        const t0 = performance.now();
        const s = await call('POST', '/v1/scan', k.token, { payload });
        const p =
          s.status === 200
            ? await call(
                'POST',
                '/v1/payments',
                k.token,
                { token: s.json.token },
                { 'idempotency-key': crypto.randomUUID() },
              )
            : s;
        const ms = performance.now() - t0;
        if (p.status === 201) latencies.push(ms);
        else
          errors.set(`${p.status} ${p.json?.code ?? ''}`, (errors.get(`${p.status} ${p.json?.code ?? ''}`) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpu1 = sampleCpu(servicePid);
  latencies.sort((a, b) => a - b);
  const rate = latencies.length / elapsed;
  const errText = errors.size ? [...errors].map(([k, v]) => `${k}×${v}`).join(', ') : 'none';
  console.log(
    `${label.padEnd(34)} ${String(latencies.length).padStart(6)} payments in ${elapsed.toFixed(1)} s = ${rate.toFixed(0).padStart(5)} payments/s; ` +
      `scan+pay p50 ${pct(latencies, 0.5).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms; errors: ${errText}`,
  );
  console.log(`${''.padEnd(34)} ${cpuPer(cpu0, cpu1, latencies.length, elapsed)}`);
  const xacts1 = await databaseTransactions(databaseUrl);
  if (xacts0 !== null && xacts1 !== null && latencies.length)
    console.log(
      `${''.padEnd(34)} database transactions per payment (scan + pay, statements outside a transaction included): ${(
        Number(xacts1 - xacts0 - 1n) /
        (latencies.length + [...errors.values()].reduce((a, b) => a + b, 0))
      ).toFixed(3)}`,
    );
  return { rate, errors: [...errors.values()].reduce((a, b) => a + b, 0) };
}

async function main(): Promise<void> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const extraEnv = Object.fromEntries(
    (process.env.BENCH_ENV ?? '')
      .split(' ')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
  const svc = await startServiceProcess({
    name: 'bench',
    adminKey: ADMIN,
    env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000', ...extraEnv },
    nodeArgs,
  });
  base = new URL(svc.base);
  try {
    console.log(
      `service up; ${CLIENTS} clients, ${SECONDS} s per run, node ${process.version}, ${os.cpus().length} cores`,
    );
    const pg =
      svc.databaseUrl && process.env.BENCH_PGBENCH !== '0'
        ? await pgbenchTps(svc.databaseUrl, { clients: CLIENTS, seconds: SECONDS, scale: 50 })
        : null;
    console.log(
      pg === null
        ? 'pgbench: not installed (or BENCH_PGBENCH=0)'
        : `pgbench TPC-B-like, scale 50, ${CLIENTS} clients, prepared, same server: ${pg.toFixed(0)} tps`,
    );

    const merchants = await Promise.all(
      Array.from({ length: MERCHANTS }, (_, i) =>
        must('POST', '/v1/merchants', ADMIN, {
          name: `Bench Shop ${i}`,
          city: 'Shanghai',
          countryCode: 'CN',
          mcc: '5812',
          currency: 'CNY',
          feeRate: '0.006',
        }),
      ),
    );
    const payloads: string[] = [];
    for (const m of merchants)
      payloads.push((await must('POST', '/v1/merchant/qr-codes', m.apiKey, { label: 'Till', amount: '1.00' })).payload);
    const consumers: Array<{ token: string; id: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const r = await must('POST', '/v1/consumers', null, {
        name: `Bench ${i}`,
        phone: `+86138${String(i).padStart(8, '0')}`,
        pin: '135790',
      });
      await must(
        'POST',
        '/v1/topups',
        ADMIN,
        { consumerId: r.consumer.id, amount: '1000000.00', currency: 'CNY', bankReference: `BENCH-${i}` },
        { 'idempotency-key': crypto.randomUUID() },
      );
      consumers.push({ token: r.token, id: r.consumer.id });
    }
    // warm up (JIT, pools, caches)
    await run('warm-up', svc.databaseUrl, svc.pid, CLIENTS, consumers, payloads).catch(() => undefined);
    const spread = await run(
      `${CLIENTS} clients, spread over ${MERCHANTS} merchants`,
      svc.databaseUrl,
      svc.pid,
      CLIENTS,
      consumers,
      payloads,
    );
    const hot = await run(`${CLIENTS} clients, one merchant`, svc.databaseUrl, svc.pid, CLIENTS, consumers, [
      payloads[0],
    ]);
    const few = await run(
      `8 clients, spread over ${MERCHANTS} merchants`,
      svc.databaseUrl,
      svc.pid,
      8,
      consumers,
      payloads,
    );
    console.log(`one merchant / spread = ${((hot.rate / spread.rate) * 100).toFixed(0)} %`);
    if (pg !== null)
      console.log(
        `spread / pgbench = ${(spread.rate / pg).toFixed(3)} (${spread.rate.toFixed(0)} payments/s against ${pg.toFixed(0)} tps)`,
      );
    console.log(`service RSS at the end: ${rssMb(svc.pid)} MB`);
    console.log(`errors in the measured runs: ${spread.errors + hot.errors + few.errors}`);
    const tb = await must('GET', '/v1/finance/trial-balance?currency=CNY', ADMIN);
    console.log(
      `trial balance after the runs: balanced=${tb.balanced}, debits ${tb.totalDebits} = credits ${tb.totalCredits}`,
    );
  } finally {
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
