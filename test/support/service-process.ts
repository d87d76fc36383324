import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runningEmbeddedUrl } from '../../libs/database/src/embedded-postgres.launcher';

/** The repository: above dist/test/support when compiled, above test/support under jest. */
const ROOT = [path.resolve(__dirname, '../../..'), path.resolve(__dirname, '../..')].find((d) =>
  fs.existsSync(path.join(d, 'package.json')),
)!;

/** The built service running as a child process (benchmarks, the browser journey). */
export interface ServiceProcess {
  base: string;
  adminKey: string;
  /** The service's DATA_DIR (its embedded PostgreSQL lives under it when DATABASE_URL is unset). */
  dataDir: string;
  /** The service's database: the fresh one on DATABASE_URL's server, or its embedded PostgreSQL. */
  databaseUrl?: string;
  /** The service's process id (for CPU and memory readings). */
  pid: number;
  /** SIGTERM (SIGKILL after 25 s), then the database and DATA_DIR go unless kept; resolves to the exit code. */
  stop(opts?: { keepData?: boolean }): Promise<number | null>;
  /** SIGKILL, for a run that has to end now. */
  kill(): void;
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
 * dist/apps/api/src/main.js as a child process on a fresh database: a new
 * database on DATABASE_URL's server when it is set (and `embedded` is not
 * asked for), else a new embedded cluster in a temporary DATA_DIR. Resolves
 * once /health answers 200.
 */
export async function startServiceProcess(opts: {
  name: string;
  adminKey: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  embedded?: boolean;
  stdout?: 'ignore' | 'inherit';
  /** Another process of the same service: this database (left as it is when this process stops). */
  databaseUrl?: string;
}): Promise<ServiceProcess> {
  const main = path.join(ROOT, 'dist/apps/api/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `saoma-${opts.name}-`));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    ADMIN_API_KEY: opts.adminKey,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  let dropDb: (() => Promise<void>) | null = null;
  const server = opts.embedded || opts.databaseUrl ? undefined : process.env.DATABASE_URL;
  if (opts.databaseUrl) {
    env.DATABASE_URL = opts.databaseUrl;
  } else if (server) {
    const db = `saoma_${opts.name}_${Date.now().toString(36)}`;
    await adminQuery(server, `CREATE DATABASE ${db}`);
    const u = new URL(server);
    u.pathname = `/${db}`;
    env.DATABASE_URL = u.toString();
    dropDb = () => adminQuery(server, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  } else {
    delete env.DATABASE_URL;
  }
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), main], {
    cwd: ROOT,
    env,
    stdio: ['ignore', opts.stdout ?? 'ignore', 'inherit'],
  });
  const stop = async ({ keepData = false } = {}): Promise<number | null> => {
    let code = child.exitCode;
    if (code === null) {
      code = await new Promise<number | null>((resolve) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 25_000);
        child.once('exit', (c) => {
          clearTimeout(t);
          resolve(c);
        });
        child.kill('SIGTERM');
      });
    }
    if (!keepData) {
      if (dropDb) await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    return code;
  };
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let up = false;
  for (let i = 0; i < 480 && !up && child.exitCode === null; i++) {
    try {
      up = (await fetch(`${base}/health`)).status === 200;
    } catch {
      /* not up yet */
    }
    if (!up) await new Promise((r) => setTimeout(r, 250));
  }
  if (!up) {
    await stop();
    throw new Error('the service did not answer /health within 120 s');
  }
  const databaseUrl = env.DATABASE_URL ?? runningEmbeddedUrl(path.join(dataDir, 'postgres')) ?? undefined;
  return { base, adminKey: opts.adminKey, dataDir, databaseUrl, pid: child.pid!, stop, kill };
}
