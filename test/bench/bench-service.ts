import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../../..');

export interface BenchService {
  base: string;
  /** The service's DATA_DIR (its embedded PostgreSQL lives under it when DATABASE_URL is unset). */
  dataDir: string;
  /** DATABASE_URL of the fresh database, when the bench runs against a server. */
  databaseUrl?: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * The built service (dist/) as a child process on a fresh database: a new
 * database on DATABASE_URL's server when it is set, else a new embedded
 * cluster in a temporary DATA_DIR. Resolves once /health answers 200.
 */
export async function startBenchService(opts: { name: string; adminKey: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<BenchService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `saoma-${opts.name}-`));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), ADMIN_API_KEY: opts.adminKey, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...opts.env };
  let dropDb: (() => Promise<void>) | null = null;
  const server = process.env.DATABASE_URL;
  if (server) {
    const db = `saoma_${opts.name}_${Date.now().toString(36)}`;
    await adminQuery(server, `CREATE DATABASE ${db}`);
    const u = new URL(server);
    u.pathname = `/${db}`;
    env.DATABASE_URL = u.toString();
    dropDb = () => adminQuery(server, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
  const base = `http://127.0.0.1:${port}`;
  const svc: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(ROOT, 'dist/apps/api/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = async ({ keepData = false } = {}) => {
    if (svc.exitCode === null) {
      svc.kill('SIGTERM');
      await new Promise((r) => svc.once('exit', r));
    }
    if (dropDb && !keepData) await dropDb();
    if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      if (i > 240) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, dataDir, databaseUrl: env.DATABASE_URL, stop };
}
