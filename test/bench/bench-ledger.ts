/*
 * Ledger throughput benchmark: `npm run build && npm run bench:ledger`.
 *
 * Starts an embedded PostgreSQL in a temporary directory (or, with
 * DATABASE_URL set, creates a fresh database on that server and drops it
 * afterwards), migrates it, funds 1,000 wallets, then runs 32 concurrent
 * posters, each posting wallet → merchant + fee entries (3 postings):
 *   1. hot:      every entry credits the same merchant and fee accounts;
 *   2. distinct: every poster has wallets, a merchant and a fee account of its own.
 * Prints entries/s, p50/p95/p99 latency and errors for each run.
 *
 * BENCH_SECONDS (default 10) and BENCH_POSTERS (default 32) change the shape.
 */
import 'reflect-metadata';
// compiled output keeps the libraries' `@saoma/<lib>` imports: resolve them to dist/libs/<lib>/src
import '../../apps/api/src/alias.register';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, sqlState, startEmbeddedPostgres } from '../../libs/database/src';
import {
  type Account,
  type AccountSpec,
  LedgerError,
  LedgerService,
  PlatformAccount,
  WalletAccount,
} from '../../libs/ledger/src';
import { LedgerRepository } from '../../libs/ledger/src/ledger.repository';
import { Money } from '../../libs/money/src';
import { MIGRATIONS } from '../../migrations';

const CUR = 'CNY';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POSTERS = Number(process.env.BENCH_POSTERS ?? 32);
const WALLETS = 1_000;
const PAYMENT = Money.parse('10.00', CUR);
const TO_MERCHANT = Money.parse('9.94', CUR);
const FEE = Money.parse('0.06', CUR);
/** Enough for every payment a wallet could make in both runs. */
const FUNDING = Money.parse('10000000.00', CUR);

interface Server {
  url: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database: on DATABASE_URL's server, else on an embedded PostgreSQL in a temporary directory. */
async function startServer(): Promise<Server> {
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    admin.pathname = '/postgres';
    const name = `saoma_bench_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async cleanup() {
        const d = new Client({ connectionString: admin.toString() });
        await d.connect();
        try {
          await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await d.end();
        }
      },
    };
  }
  // below /tmp: the postgres OS user (when run as root) must be able to reach it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  try {
    const db = await startEmbeddedPostgres({ dir, port: 0 });
    return {
      url: db.urlFor('postgres'),
      async cleanup() {
        try {
          await db.stop();
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

interface RunResult {
  name: string;
  entries: number;
  seconds: number;
  latenciesMs: number[];
  errors: Map<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function errorName(err: unknown): string {
  if (err instanceof LedgerError) return err.code;
  return sqlState(err) ?? (err instanceof Error ? err.message : String(err));
}

/**
 * `POSTERS` loops, each posting back to back for `SECONDS`; `pick(poster, n)`
 * chooses the accounts of a poster's n-th entry.
 */
async function run(
  name: string,
  ledger: LedgerService,
  pick: (poster: number, n: number) => { wallet: Account; merchant: Account; fee: Account },
): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const errors = new Map<string, number>();
  const runId = crypto.randomUUID();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(SECONDS * 1e9));
  await Promise.all(
    Array.from({ length: POSTERS }, async (_, poster) => {
      for (let n = 0; process.hrtime.bigint() < deadline; n++) {
        const { wallet, merchant, fee } = pick(poster, n);
        const t0 = process.hrtime.bigint();
        try {
          await ledger.post({
            kind: 'payment',
            reference: `bench:${runId}:${poster}:${n}`,
            postings: [
              { accountId: wallet.id, side: 'D', amount: PAYMENT },
              { accountId: merchant.id, side: 'C', amount: TO_MERCHANT },
              { accountId: fee.id, side: 'C', amount: FEE },
            ],
          });
          latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          const key = errorName(err);
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, entries: latenciesMs.length, seconds, latenciesMs, errors };
}

function report(r: RunResult): void {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const errors = [...r.errors].map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
  const ms = (x: number) => x.toFixed(2);
  process.stdout.write(
    `${r.name.padEnd(9)} ${r.entries} entries in ${r.seconds.toFixed(1)} s: ${(r.entries / r.seconds).toFixed(0)} entries/s; ` +
      `latency p50 ${ms(percentile(sorted, 50))} ms, p95 ${ms(percentile(sorted, 95))} ms, p99 ${ms(percentile(sorted, 99))} ms; errors: ${errors}\n`,
  );
}

/** Run `work` on `items` with at most `limit` in flight. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

async function main(): Promise<void> {
  const server = await startServer();
  let ds: DataSource | null = null;
  // Ctrl-C: still stop the server and remove its directory
  const onSignal = () => {
    process.stderr.write('interrupted: cleaning up\n');
    void (ds?.isInitialized ? ds.destroy() : Promise.resolve())
      .catch(() => undefined)
      .then(() => server.cleanup())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    ds = new DataSource(
      dataSourceOptions({
        url: server.url,
        migrations: MIGRATIONS,
        poolSize: POSTERS + 8,
        applicationName: 'saoma-bench-ledger',
      }),
    );
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const ledger = new LedgerService(new LedgerRepository(ds));
    const [{ version }]: Array<{ version: string }> = await ds.query(
      `SELECT current_setting('server_version') AS version`,
    );

    const bank = await ledger.ensureAccount(PlatformAccount.bank(CUR));
    const fee = await ledger.ensureAccount(PlatformAccount.feeRevenue(CUR));
    const merchant = await ledger.ensureAccount(WalletAccount.merchant('bench-hot', CUR));
    const spec = (n: number): AccountSpec => WalletAccount.consumer(`bench-${n}`, CUR);
    const wallets = await inBatches(
      Array.from({ length: WALLETS }, (_, i) => i),
      POSTERS,
      async (i) => {
        const w = await ledger.ensureAccount(spec(i));
        await ledger.post({
          kind: 'topup',
          reference: `bench:fund:${i}`,
          postings: [
            { accountId: bank.id, side: 'D', amount: FUNDING },
            { accountId: w.id, side: 'C', amount: FUNDING },
          ],
        });
        return w;
      },
    );
    // for the second run: a merchant and a fee account per poster, and a share of the wallets each
    const own = await inBatches(
      Array.from({ length: POSTERS }, (_, p) => p),
      POSTERS,
      async (p) => ({
        merchant: await ledger.ensureAccount(WalletAccount.merchant(`bench-${p}`, CUR)),
        fee: await ledger.ensureAccount({
          ...PlatformAccount.feeRevenue(CUR),
          code: `platform:fee_revenue:${CUR}:bench-${p}`,
          name: `Fee revenue ${p} (${CUR})`,
        }),
        wallets: wallets.filter((_, i) => i % POSTERS === p),
      }),
    );

    process.stdout.write(
      `ledger bench: PostgreSQL ${version}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (embedded)'}, ${POSTERS} posters × ${SECONDS} s, ` +
        `${WALLETS} wallets, 3 postings per entry, pool ${POSTERS + 8}\n`,
    );
    const results = [
      // the same wallets in both runs (a share per poster): only the credited accounts differ
      await run('hot', ledger, (poster, n) => ({
        wallet: own[poster].wallets[n % own[poster].wallets.length],
        merchant,
        fee,
      })),
      await run('distinct', ledger, (poster, n) => ({
        wallet: own[poster].wallets[n % own[poster].wallets.length],
        merchant: own[poster].merchant,
        fee: own[poster].fee,
      })),
    ];
    for (const r of results) report(r);

    const tb = await ledger.trialBalance(CUR);
    const mismatches = await ledger.verifyBalances();
    process.stdout.write(
      `check: trial balance ${tb.balanced ? 'balanced' : 'NOT BALANCED'}, ${mismatches.length} stored balances off\n`,
    );
    if (!tb.balanced || mismatches.length) process.exitCode = 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (ds?.isInitialized) await ds.destroy();
    await server.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-ledger failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
