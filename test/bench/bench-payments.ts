/*
 * Scan-and-pay benchmark over HTTP: `npm run bench` (builds first).
 *
 * Starts the service (`node dist/apps/api/src/main.js`) on a fresh embedded
 * PostgreSQL in a temporary data directory (or, with DATABASE_URL set, on a
 * fresh database of that server, dropped afterwards), creates consumers,
 * merchants and fixed-amount static codes through the API, then runs scan +
 * pay with N concurrent clients for a fixed time, twice:
 *   1. spread: payments go to 50 merchants;
 *   2. hot:    every payment goes to one merchant.
 * Prints payments/s, p50/p95/p99 latency of scan+pay and errors.
 *
 * BENCH_SECONDS (default 15), BENCH_CLIENTS (default 32), BENCH_MERCHANTS (default 50),
 * BENCH_NODE_ARGS (flags for the service's node, e.g. --cpu-prof).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { startServiceProcess } from '../support/service-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 50);
const ADMIN = `bench-admin-${crypto.randomBytes(12).toString('hex')}`;

let base = '';
async function call(method: string, p: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function must(method: string, p: string, token: string | null, body?: unknown, headers?: Record<string, string>): Promise<any> {
  const r = await call(method, p, token, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

function pct(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function run(label: string, consumers: Array<{ token: string }>, payloads: string[]): Promise<{ rate: number }> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const deadline = Date.now() + SECONDS * 1000;
  let n = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const k = consumers[c % consumers.length];
      while (Date.now() < deadline) {
        const payload = payloads[n++ % payloads.length];
        const t0 = performance.now();
        const s = await call('POST', '/v1/scan', k.token, { payload });
        const p = s.status === 200 ? await call('POST', '/v1/payments', k.token, { token: s.json.token }, { 'idempotency-key': crypto.randomUUID() }) : s;
        const ms = performance.now() - t0;
        if (p.status === 201) latencies.push(ms);
        else errors.set(`${p.status} ${p.json?.code ?? ''}`, (errors.get(`${p.status} ${p.json?.code ?? ''}`) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const rate = latencies.length / elapsed;
  const errText = errors.size ? [...errors].map(([k, v]) => `${k}×${v}`).join(', ') : 'none';
  console.log(
    `${label.padEnd(28)} ${String(latencies.length).padStart(6)} payments in ${elapsed.toFixed(1)} s = ${rate.toFixed(0).padStart(5)} payments/s; ` +
      `scan+pay p50 ${pct(latencies, 0.5).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms; errors: ${errText}`,
  );
  return { rate };
}

async function main(): Promise<void> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const svc = await startServiceProcess({ name: 'bench', adminKey: ADMIN, env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' }, nodeArgs });
  base = svc.base;
  try {
    console.log(`service up; ${CLIENTS} clients, ${SECONDS} s per run, node ${process.version}, ${os.cpus().length} cores`);
    const merchants = await Promise.all(
      Array.from({ length: MERCHANTS }, (_, i) =>
        must('POST', '/v1/merchants', ADMIN, { name: `Bench Shop ${i}`, city: 'Shanghai', countryCode: 'CN', mcc: '5812', currency: 'CNY', feeRate: '0.006' }),
      ),
    );
    const payloads: string[] = [];
    for (const m of merchants) payloads.push((await must('POST', '/v1/merchant/qr-codes', m.apiKey, { label: 'Till', amount: '1.00' })).payload);
    const consumers: Array<{ token: string; id: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const r = await must('POST', '/v1/consumers', null, { name: `Bench ${i}`, phone: `+86138${String(i).padStart(8, '0')}`, pin: '135790' });
      await must('POST', '/v1/topups', ADMIN, { consumerId: r.consumer.id, amount: '1000000.00', currency: 'CNY', bankReference: `BENCH-${i}` }, { 'idempotency-key': crypto.randomUUID() });
      consumers.push({ token: r.token, id: r.consumer.id });
    }
    // warm up (JIT, pools, caches)
    await run('warm-up', consumers, payloads).catch(() => undefined);
    const spread = await run(`spread over ${MERCHANTS} merchants`, consumers, payloads);
    const hot = await run('one merchant', consumers, [payloads[0]]);
    console.log(`one merchant / spread = ${((hot.rate / spread.rate) * 100).toFixed(0)} %`);
    const tb = await must('GET', '/v1/finance/trial-balance?currency=CNY', ADMIN);
    console.log(`trial balance after the runs: balanced=${tb.balanced}, debits ${tb.totalDebits} = credits ${tb.totalCredits}`);
  } finally {
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
