import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';

/** The built worker (`npm run worker`): what a deployment runs, as a process of its own. */
const WORKER = path.resolve(__dirname, '../../../dist/apps/api/src/worker.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function onDatabase<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('the worker process (npm run worker)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let exit: Promise<number | null>;
  let exited: number | null | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-worker-'));
  });
  afterAll(async () => {
    if (child && exited === undefined) child.kill('SIGKILL');
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Connections the worker holds on its database right now. */
  const workerConnections = () =>
    onDatabase(db.url, async (c) => {
      const r = await c.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [db.name],
      );
      return Number(r.rows[0].n);
    });

  it('lives through the loss of every database connection, connects again, and stops on SIGTERM with 0', async () => {
    expect(fs.existsSync(WORKER)).toBe(true); // dist/ is built by npm ci (postinstall) and npm run build
    child = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        MIGRATE_ON_START: 'false',
        SAOMA_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        LEDGER_FOLD_INTERVAL_MS: '100',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    exit = new Promise((resolve) => child!.on('exit', (code) => resolve((exited = code))));

    // started (its modules' start-up reads the database too): only then take its connections away
    const deadline = Date.now() + 30_000;
    while (!out.includes('Saoma worker running') || (await workerConnections()) === 0) {
      expect(exited).toBeUndefined();
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
    }

    // a restarted primary, a pooler that ended its server connections: every connection goes at once
    for (let i = 0; i < 3; i++) {
      await onDatabase(db.url, (c) =>
        c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [db.name],
        ),
      );
      await sleep(300);
    }
    await sleep(1500);
    expect(exited).toBeUndefined();

    // its jobs connect again
    const again = Date.now() + 10_000;
    while ((await workerConnections()) === 0) {
      expect(Date.now()).toBeLessThan(again);
      await sleep(100);
    }
    expect(exited).toBeUndefined();

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
