/*
 * The fault test: `npm run fault` (builds first), also a step of .ci/run.
 *
 * Starts the whole deployment fresh with scripts/deploy/deploy.sh (PostgreSQL
 * primary and streaming replica, pgbouncer in transaction mode, three service
 * processes and a worker, HAProxy in front), sets up merchants and topped-up
 * consumers through HAProxy, then for FAULT_SECONDS runs a bank-style load
 * through HAProxy: FAULT_CLIENTS clients scan and pay, a share of payments
 * sent twice at once under one Idempotency-Key, merchants refund earlier
 * payments. A client that gets no answer, a 5xx or 409
 * idempotency_key_in_use sends the same request with the same key again,
 * backing off, until a definitive answer. Meanwhile faults, in turn with
 * pauses: a service killed with SIGKILL (started again a few seconds later), a
 * service restarted gracefully (SIGTERM), the primary restarted in immediate
 * mode, every backend of the database ended with pg_terminate_backend.
 *
 * Then, with the deployment still up: every success is in the database and
 * the ledger exactly once and nothing else is, every key replays its answer,
 * no wallet is below zero and each holds what its client was told, the trial
 * balance balances, the day reconciles (API and CLI), a report is read from
 * the replica. Prints the figures and "N passed, N failed"; exits non-zero on
 * any anomaly. The deployment is always taken down (`down --purge`) at the end;
 * on failure its logs are kept in test-output/fault/.
 *
 * FAULT_SECONDS (default 60), FAULT_CLIENTS (16), FAULT_MERCHANTS (20),
 * FAULT_CONSUMERS (60), FAULT_DUP_SHARE (0.25), FAULT_REFUND_SHARE (0.15),
 * FAULT_PAUSE_MS (2500, between faults), DEPLOY_DIR (default <repo>/.deploy).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { type Attempt, Client, type Json, labelOf, networkErrors, type Outcome, untilDefinitive } from './client';
import { deploy, deploymentUrls, REPO } from './deployment';

const SECONDS = Number(process.env.FAULT_SECONDS ?? 60);
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 16);
const MERCHANTS = Number(process.env.FAULT_MERCHANTS ?? 20);
const CONSUMERS = Number(process.env.FAULT_CONSUMERS ?? 60);
const DUP_SHARE = Number(process.env.FAULT_DUP_SHARE ?? 0.25);
const REFUND_SHARE = Number(process.env.FAULT_REFUND_SHARE ?? 0.15);
const PAUSE_MS = Number(process.env.FAULT_PAUSE_MS ?? 2500);
/** How long one request is sent again before it counts as unresolved. */
const KEY_DEADLINE_MS = 90_000;
const DEPLOY_DIR = process.env.DEPLOY_DIR ?? path.join(REPO, '.deploy');
const DEPLOY_ENV = {
  DEPLOY_DIR,
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'info',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- what the run keeps

interface Merchant {
  id: string;
  apiKey: string;
  payload: string;
}
interface Consumer {
  id: string;
  token: string;
  /** What the clients were told moved: top-up, less charged payments, plus refunds to it (minor units). */
  expectedCents: number;
}
interface Refundable {
  paymentId: string;
  merchant: Merchant;
  consumer: Consumer;
  amountCents: number;
}

/** One Idempotency-Key of the load and what became of it. */
interface KeyRecord {
  kind: 'payment' | 'refund';
  key: string;
  credential: string;
  path: string;
  body: Record<string, unknown>;
  /** Sent twice at once. */
  duplicated: boolean;
  outcomes: Outcome[];
  /** The definitive answer (of the first copy when duplicated). */
  final: Attempt;
  resolved: boolean;
}

const figures = {
  scans: 0,
  payments: 0,
  refunds: 0,
  duplicatedKeys: 0,
  sends: 0,
  attempts: 0,
  firstAnswers: new Map<string, number>(),
  finalAnswers: new Map<string, number>(),
  allAnswers: new Map<string, number>(),
  faults: new Map<string, number>(),
  faultErrors: [] as string[],
  backendsTerminated: 0,
  replays: 0,
  upMs: 0,
  setupMs: 0,
  loadMs: 0,
  checksMs: 0,
};
const records: KeyRecord[] = [];
/** Things that must not happen, in words: the run fails on any. */
const anomalies: string[] = [];
const checks: Array<{ name: string; ok: boolean; detail: string }> = [];

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
function anomaly(text: string): void {
  anomalies.push(text);
  if (anomalies.length <= 50) console.error(`ANOMALY ${text}`);
}
function check(name: string, ok: boolean, detail = ''): void {
  checks.push({ name, ok, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}
/** Tally one logical send: its first and final answers, every attempt. */
function tally(o: Outcome): void {
  figures.sends++;
  figures.attempts += o.attempts;
  bump(figures.firstAnswers, labelOf(o.first));
  bump(figures.finalAnswers, o.resolved ? labelOf(o.final) : `unresolved (${labelOf(o.final)})`);
  for (const l of o.labels) bump(figures.allAnswers, l);
  for (const l of o.labels) if (l.startsWith('500')) anomaly(`a 500 answer: ${l}`);
}
const answerOf = (a: Attempt): { status: number; json: Json; text: string } | null =>
  a.kind === 'answer' ? a.answer : null;

// ---------------------------------------------------------------- set-up

async function must(
  api: Client,
  method: string,
  p: string,
  credential: string | null,
  body: unknown,
  want: number,
  headers: Record<string, string> = {},
): Promise<Json> {
  const o = await untilDefinitive(() => api.send(method, p, credential, body, headers), 60_000);
  const a = answerOf(o.final);
  if (!o.resolved || !a || a.status !== want)
    throw new Error(`${method} ${p}: ${labelOf(o.final)} ${a?.text.slice(0, 300) ?? ''}`);
  return a.json;
}

async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

async function setUp(api: Client, admin: string): Promise<{ merchants: Merchant[]; consumers: Consumer[] }> {
  const merchants = await inBatches(MERCHANTS, 8, async (i) => {
    const m = await must(
      api,
      'POST',
      '/v1/merchants',
      admin,
      {
        name: `Fault Shop ${i + 1}`,
        city: 'Shanghai',
        countryCode: 'CN',
        mcc: '5812',
        currency: 'CNY',
        feeRate: '0.006',
      },
      201,
    );
    const code = await must(api, 'POST', '/v1/merchant/qr-codes', m.apiKey, { label: 'Counter 1' }, 201);
    return { id: m.merchant.id as string, apiKey: m.apiKey as string, payload: code.payload as string };
  });
  const run = crypto.randomInt(0, 10_000);
  const consumers = await inBatches(CONSUMERS, 8, async (i) => {
    const phone = `+86137${String(run).padStart(4, '0')}${String(i).padStart(4, '0')}`;
    const c = await must(api, 'POST', '/v1/consumers', null, { name: `Payer ${i + 1}`, phone, pin: '246810' }, 201);
    // every fourth consumer gets little, so that refusals for insufficient funds are part of the load
    const topup = i % 4 === 3 ? 150_00 : 6000_00;
    await must(
      api,
      'POST',
      '/v1/topups',
      admin,
      { consumerId: c.consumer.id, amount: money(topup), currency: 'CNY', bankReference: `FAULT-${run}-${i}` },
      201,
      { 'Idempotency-Key': `fault-topup-${run}-${i}` },
    );
    return { id: c.consumer.id as string, token: c.token as string, expectedCents: topup };
  });
  return { merchants, consumers };
}

// ---------------------------------------------------------------- the load

async function sendKey(api: Client, rec: Omit<KeyRecord, 'outcomes' | 'final' | 'resolved'>): Promise<KeyRecord> {
  const once = () =>
    untilDefinitive(
      () => api.send('POST', rec.path, rec.credential, rec.body, { 'Idempotency-Key': rec.key }),
      KEY_DEADLINE_MS,
    );
  const outcomes = await Promise.all(rec.duplicated ? [once(), once()] : [once()]);
  outcomes.forEach(tally);
  const full: KeyRecord = { ...rec, outcomes, final: outcomes[0].final, resolved: outcomes.every((o) => o.resolved) };
  records.push(full);
  if (!full.resolved) anomaly(`${rec.kind} ${rec.key}: no definitive answer within ${KEY_DEADLINE_MS / 1000} s`);
  if (rec.duplicated && full.resolved) {
    const [a, b] = outcomes.map((o) => answerOf(o.final)!);
    if (a.status !== b.status || a.json?.id !== b.json?.id || a.json?.code !== b.json?.code)
      anomaly(
        `${rec.kind} ${rec.key}: its two copies ended differently: ${a.status} ${a.text} / ${b.status} ${b.text}`,
      );
  }
  return full;
}

async function payOnce(api: Client, merchants: Merchant[], consumers: Consumer[], refundable: Refundable[]) {
  const merchant = pick(merchants);
  const consumer = pick(consumers);
  figures.scans++;
  const scan = await untilDefinitive(
    () => api.send('POST', '/v1/scan', consumer.token, { payload: merchant.payload }),
    KEY_DEADLINE_MS,
  );
  tally(scan);
  const s = answerOf(scan.final);
  if (!scan.resolved || !s || s.status !== 200) {
    anomaly(`scan: ${labelOf(scan.final)} ${s?.text.slice(0, 200) ?? ''}`);
    return;
  }
  const amountCents = 100 + crypto.randomInt(0, 6000);
  const duplicated = Math.random() < DUP_SHARE;
  figures.payments++;
  if (duplicated) figures.duplicatedKeys++;
  const rec = await sendKey(api, {
    kind: 'payment',
    key: `fault-pay-${crypto.randomUUID()}`,
    credential: consumer.token,
    path: '/v1/payments',
    body: { token: s.json.token, amount: money(amountCents) },
    duplicated,
  });
  const a = answerOf(rec.final);
  if (rec.resolved && a?.status === 201) {
    consumer.expectedCents -= cents(a.json.charged);
    refundable.push({ paymentId: a.json.id, merchant, consumer, amountCents: cents(a.json.amount) });
  }
}

async function refundOnce(api: Client, refundable: Refundable[]) {
  const p = refundable.splice(Math.floor(Math.random() * refundable.length), 1)[0];
  const amountCents = Math.random() < 0.5 ? p.amountCents : Math.max(1, Math.floor(p.amountCents / 2));
  const duplicated = Math.random() < DUP_SHARE / 2;
  figures.refunds++;
  if (duplicated) figures.duplicatedKeys++;
  const rec = await sendKey(api, {
    kind: 'refund',
    key: `fault-refund-${crypto.randomUUID()}`,
    credential: p.merchant.apiKey,
    path: `/v1/merchant/payments/${p.paymentId}/refunds`,
    body: { amount: money(amountCents), reason: 'fault test' },
    duplicated,
  });
  const a = answerOf(rec.final);
  if (rec.resolved && a?.status === 201) p.consumer.expectedCents += cents(a.json.toConsumer);
}

async function load(api: Client, merchants: Merchant[], consumers: Consumer[], until: number): Promise<void> {
  const refundable: Refundable[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        if (refundable.length > 0 && Math.random() < REFUND_SHARE) await refundOnce(api, refundable);
        else await payOnce(api, merchants, consumers, refundable);
      }
    }),
  );
}

// ---------------------------------------------------------------- the faults

const FAULTS = ['kill-service', 'restart-primary-immediate', 'terminate-backends', 'restart-service'] as const;

async function injectFaults(until: number): Promise<void> {
  let service = 1;
  let i = 0;
  const run = async (args: string[]) => {
    const r = await deploy(args, DEPLOY_ENV);
    if (r.code !== 0) figures.faultErrors.push(`deploy.sh ${args.join(' ')} → ${r.code}: ${r.stderr.trim()}`);
    return r;
  };
  await sleep(Math.min(3000, PAUSE_MS));
  // a fault starts only while the load has a few seconds to go (its recovery may outlast the load)
  while (Date.now() + 4000 < until) {
    const kind = FAULTS[i++ % FAULTS.length];
    const t0 = Date.now();
    if (kind === 'kill-service') {
      await run(['kill-service', String(service)]);
      await sleep(2000);
      await run(['start-service', String(service)]);
      service = (service % 3) + 1;
    } else if (kind === 'restart-service') {
      await run(['restart-service', String(service)]);
      service = (service % 3) + 1;
    } else if (kind === 'restart-primary-immediate') {
      await run(['restart-primary-immediate']);
    } else {
      const r = await run(['terminate-backends']);
      figures.backendsTerminated += Number(r.stdout.trim()) || 0;
    }
    bump(figures.faults, kind);
    console.log(`  fault ${kind} at +${((t0 - loadStart) / 1000).toFixed(1)} s, took ${Date.now() - t0} ms`);
    await sleep(PAUSE_MS);
  }
}
let loadStart = 0;

// ---------------------------------------------------------------- the checks

async function checkDatabase(db: PgClient, consumers: Consumer[]): Promise<void> {
  for (const kind of ['payment', 'refund'] as const) {
    const table = kind === 'payment' ? 'payments' : 'refunds';
    const succeeded = new Set(
      records
        .filter((r) => r.kind === kind && r.resolved && answerOf(r.final)?.status === 201)
        .map((r) => answerOf(r.final)!.json.id as string),
    );
    const rows = (
      await db.query<{ id: string; entries: string }>(
        `SELECT t.id, (SELECT count(*) FROM ledger_entries e WHERE e.reference = $1 || t.id AND e.status = 'posted') AS entries
           FROM ${table} t`,
        [`${kind}:`],
      )
    ).rows;
    const inDb = new Map(rows.map((r) => [r.id, Number(r.entries)]));
    const lost = [...succeeded].filter((id) => !inDb.has(id));
    const ghosts = rows.filter((r) => !succeeded.has(r.id)).map((r) => r.id);
    const badEntries = rows.filter((r) => Number(r.entries) !== 1).map((r) => `${r.id}×${r.entries}`);
    const entries = Number(
      (await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries WHERE reference LIKE $1`, [`${kind}:%`]))
        .rows[0].n,
    );
    for (const id of lost) anomaly(`${kind} ${id} answered 201 but is not in ${table}`);
    for (const id of ghosts) anomaly(`${kind} ${id} is in ${table} but no client was told it succeeded`);
    for (const e of badEntries) anomaly(`${kind} ${e} ledger entries (must be exactly 1)`);
    if (entries !== rows.length) anomaly(`${entries} ${kind} ledger entries for ${rows.length} ${table}`);
    check(
      `every ${kind} answered 201 is in ${table} and the ledger exactly once, and nothing else is`,
      lost.length === 0 && ghosts.length === 0 && badEntries.length === 0 && entries === rows.length,
      `${succeeded.size} answered 201, ${rows.length} rows, ${entries} ledger entries; lost ${lost.length}, unannounced ${ghosts.length}, wrong entry count ${badEntries.length}`,
    );
  }

  const negative = (
    await db.query<{ code: string; balance: string }>(
      `SELECT code, CASE WHEN type IN ('asset', 'expense') THEN debits_posted - credits_posted
                         ELSE credits_posted - debits_posted END AS balance
         FROM ledger_balances
        WHERE NOT allow_negative
          AND CASE WHEN type IN ('asset', 'expense') THEN debits_posted - credits_posted
                   ELSE credits_posted - debits_posted END < 0`,
    )
  ).rows;
  for (const n of negative) anomaly(`account ${n.code} is below zero: ${n.balance}`);
  const floored = Number(
    (await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_balances WHERE NOT allow_negative`)).rows[0].n,
  );
  check(
    'no wallet below zero (ledger_balances)',
    negative.length === 0,
    `${floored} floored accounts, ${negative.length} below zero`,
  );

  const balances = new Map(
    (
      await db.query<{ owner_id: string; balance: string }>(
        `SELECT owner_id, credits_posted - debits_posted AS balance
           FROM ledger_balances WHERE owner_type = 'consumer' AND currency = 'CNY'`,
      )
    ).rows.map((r) => [r.owner_id, Number(r.balance)]),
  );
  const off = consumers.filter((c) => (balances.get(c.id) ?? 0) !== c.expectedCents);
  for (const c of off)
    anomaly(`consumer ${c.id}: wallet ${money(balances.get(c.id) ?? 0)}, its answers say ${money(c.expectedCents)}`);
  check(
    "every consumer's wallet holds what its answers say (top-up − charged + refunded)",
    off.length === 0,
    `${consumers.length} wallets, ${off.length} off`,
  );
}

async function checkReplays(api: Client): Promise<void> {
  const todo = records.filter((r) => r.resolved);
  let same = 0;
  await inBatches(todo.length, CLIENTS, async (i) => {
    const r = todo[i];
    const o = await untilDefinitive(
      () => api.send('POST', r.path, r.credential, r.body, { 'Idempotency-Key': r.key }),
      30_000,
    );
    figures.replays++;
    const was = answerOf(r.final)!;
    const now = answerOf(o.final);
    const ok =
      o.resolved &&
      now !== null &&
      now.status === was.status &&
      now.json?.id === was.json?.id &&
      now.json?.code === was.json?.code;
    if (ok) same++;
    else
      anomaly(
        `replay of ${r.kind} ${r.key}: first ${was.status} ${was.text.slice(0, 120)}, replay ${labelOf(o.final)} ${now?.text.slice(0, 120) ?? ''}`,
      );
  });
  check(
    'every key replays its answer (same status, same id or code)',
    same === todo.length,
    `${todo.length} keys re-sent, ${same} identical`,
  );
}

function runReconcileCli(primaryUrl: string, date: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO, 'dist/apps/api/src/reconcile.cli.js'), '--date', date, '--compact'],
      {
        cwd: REPO,
        env: { ...process.env, DATABASE_URL: primaryUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

async function checkFinance(api: Client, admin: string, urls: Record<string, string>, db: PgClient): Promise<void> {
  const tb = await must(api, 'GET', '/v1/finance/trial-balance?currency=CNY', admin, undefined, 200);
  if (tb.balanced !== true) anomaly(`trial balance not balanced: ${JSON.stringify(tb).slice(0, 300)}`);
  check(
    'the trial balance balances (API)',
    tb.balanced === true,
    `debits ${tb.totalDebits}, credits ${tb.totalCredits}`,
  );

  const date = today();
  const rec = await must(api, 'GET', `/v1/finance/reconciliation?date=${date}`, admin, undefined, 200);
  if (rec.reconciled !== true)
    anomaly(`reconciliation of ${date}: ${JSON.stringify(rec.problems ?? rec).slice(0, 400)}`);
  check(
    `the reconciliation of ${date} is green (API)`,
    rec.reconciled === true,
    `ledgerBalanced ${rec.ledgerBalanced}, paymentsMatchLedger ${rec.paymentsMatchLedger}, difference ${rec.difference}`,
  );
  const cli = await runReconcileCli(urls.PRIMARY_URL, date);
  if (cli.code !== 0) anomaly(`reconcile.cli exit ${cli.code}: ${cli.err.slice(0, 400)}`);
  check(`npm run reconcile -- --date ${date} on the primary exits 0`, cli.code === 0, `exit ${cli.code}`);

  // the replica catches up with the primary; the report says it was read there, and its lag
  const onPrimary = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM payments`)).rows[0].n);
  let report: Json = null;
  let count = -1;
  for (let i = 0; i < 40 && count !== onPrimary; i++) {
    if (i > 0) await sleep(250);
    report = await must(api, 'GET', `/v1/finance/settlements?date=${date}&currency=CNY`, admin, undefined, 200);
    count = (report.data as Array<{ paymentCount: number }>).reduce((s, r) => s + Number(r.paymentCount), 0);
  }
  const ok =
    report?.readFrom?.replica === true && typeof report?.readFrom?.lagSeconds === 'number' && count === onPrimary;
  if (!ok)
    anomaly(
      `settlements from the replica: readFrom ${JSON.stringify(report?.readFrom)}, ${count} payments of ${onPrimary}`,
    );
  check(
    'a report is read from the replica, says its lag, and shows every payment',
    ok,
    `readFrom ${JSON.stringify(report?.readFrom)}, ${count} payments (primary ${onPrimary})`,
  );
}

// ---------------------------------------------------------------- figures

function line(label: string, text: string): string {
  return `${label.padEnd(20)}${text}`;
}
const byCount = (m: Map<string, number>) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '-';

function printFigures(): void {
  const out = [
    '',
    '=== fault run figures ===',
    line(
      'duration',
      `load ${(figures.loadMs / 1000).toFixed(1)} s (deploy.sh up ${(figures.upMs / 1000).toFixed(1)} s, set-up ${(figures.setupMs / 1000).toFixed(1)} s, checks ${(figures.checksMs / 1000).toFixed(1)} s); ${CLIENTS} clients, ${MERCHANTS} merchants, ${CONSUMERS} consumers`,
    ),
    line(
      'operations',
      `payments ${figures.payments}, refunds ${figures.refunds}, scans ${figures.scans} (${(figures.payments / (figures.loadMs / 1000)).toFixed(1)} payments/s)`,
    ),
    line('duplicates sent', `${figures.duplicatedKeys} keys sent twice at once`),
    line(
      'faults injected',
      `${FAULTS.map((f) => `${f} ${figures.faults.get(f) ?? 0}`).join(', ')} (backends terminated: ${figures.backendsTerminated})`,
    ),
    line('first answers', byCount(figures.firstAnswers)),
    line('final answers', byCount(figures.finalAnswers)),
    line('all answers', byCount(figures.allAnswers)),
    line('no answer, why', byCount(networkErrors)),
    line('retries', `${figures.attempts - figures.sends} (${figures.sends} sends, ${figures.attempts} attempts)`),
    line('replays checked', String(figures.replays)),
    line('anomalies', String(anomalies.length)),
  ];
  console.log(out.join('\n'));
}

function keepLogs(): void {
  const dest = path.join(REPO, 'test-output/fault');
  try {
    fs.mkdirSync(dest, { recursive: true });
    for (const f of [
      'service-1.log',
      'service-2.log',
      'service-3.log',
      'worker.log',
      'haproxy.log',
      'migrations.log',
      'pg/primary.log',
      'pg/replica.log',
      'pg/pgbouncer.log',
    ]) {
      const from = path.join(DEPLOY_DIR, f);
      if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dest, f.replace('/', '-')));
    }
    console.log(`logs of the deployment kept in ${dest}`);
  } catch (e) {
    console.error(`could not keep the logs: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  if (fs.existsSync(DEPLOY_DIR)) {
    console.log(`${DEPLOY_DIR} exists: down --purge first, for a fresh deployment`);
    await deploy(['down', '--purge'], DEPLOY_ENV, true);
  }
  let db: PgClient | null = null;
  let api: Client | null = null;
  try {
    console.log('=== deploy.sh up ===');
    const up = await deploy(['up'], DEPLOY_ENV, true);
    check(
      'deploy.sh up starts the whole deployment',
      up.code === 0,
      `exit ${up.code} in ${(up.ms / 1000).toFixed(1)} s`,
    );
    figures.upMs = up.ms;
    if (up.code !== 0) return 1;
    const urls = await deploymentUrls();
    api = new Client(urls.HAPROXY_URL);
    const admin = urls.ADMIN_API_KEY;

    console.log('=== set-up through HAProxy ===');
    const setupStart = Date.now();
    const { merchants, consumers } = await setUp(api, admin);
    figures.setupMs = Date.now() - setupStart;
    console.log(`  ${merchants.length} merchants with a static code, ${consumers.length} consumers topped up`);

    console.log(`=== load for ${SECONDS} s with faults ===`);
    loadStart = Date.now();
    const until = loadStart + SECONDS * 1000;
    const faults = injectFaults(until);
    await load(api, merchants, consumers, until);
    figures.loadMs = Date.now() - loadStart;
    await faults;
    console.log(`  load done: ${figures.payments} payments, ${figures.refunds} refunds`);

    // every part back before the checks
    for (const n of [1, 2, 3]) {
      const r = await deploy(['start-service', String(n)], DEPLOY_ENV);
      if (r.code !== 0) figures.faultErrors.push(`start-service ${n}: ${r.stderr.trim()}`);
    }
    const status = await deploy(['status'], DEPLOY_ENV);
    const allUp = status.code === 0 && !/\sdown\s/.test(status.stdout) && /ready: 200/.test(status.stdout);

    console.log('=== checks ===');
    const t0 = Date.now();
    const unresolved = records.filter((r) => !r.resolved).length;
    const faultKinds = FAULTS.filter((f) => (figures.faults.get(f) ?? 0) > 0).length;
    check(
      'every fault kind was injected, without an error of the deploy script',
      faultKinds === FAULTS.length && figures.faultErrors.length === 0,
      `${faultKinds} of ${FAULTS.length} kinds${figures.faultErrors.length ? `; errors: ${figures.faultErrors.join(' | ')}` : ''}`,
    );
    for (const e of figures.faultErrors) anomaly(`fault injection: ${e}`);
    check('every part of the deployment runs again after the faults', allUp, allUp ? '' : status.stdout);
    check(
      'every request got a definitive answer',
      unresolved === 0,
      `${records.length} keys, ${unresolved} unresolved`,
    );
    const fiveHundreds = [...figures.allAnswers.entries()]
      .filter(([k]) => k.startsWith('500'))
      .reduce((s, [, v]) => s + v, 0);
    check('no 500 answer under faults', fiveHundreds === 0, `${fiveHundreds} answers 500`);
    const disagreeing = anomalies.filter((a) => a.includes('two copies ended differently')).length;
    check(
      'both copies of a duplicated key end with the same answer',
      disagreeing === 0,
      `${records.filter((r) => r.duplicated).length} keys sent twice, ${disagreeing} disagree`,
    );

    db = new PgClient({ connectionString: urls.PRIMARY_ADMIN_URL });
    await db.connect();
    await checkDatabase(db, consumers);
    await checkReplays(api);
    await checkFinance(api, admin, urls, db);
    figures.checksMs = Date.now() - t0;
  } catch (err) {
    anomaly(`the run stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    check('the run completes', false, err instanceof Error ? err.message : String(err));
  } finally {
    await db?.end().catch(() => undefined);
    api?.close();
    printFigures();
    const failed = checks.filter((c) => !c.ok).length;
    if (failed > 0 || anomalies.length > 0 || process.env.FAULT_KEEP_LOGS === '1') keepLogs();
    console.log('=== deploy.sh down --purge ===');
    const down = await deploy(['down', '--purge'], DEPLOY_ENV, true);
    check('deploy.sh down --purge stops everything', down.code === 0, `exit ${down.code}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  return failed > 0 || anomalies.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
