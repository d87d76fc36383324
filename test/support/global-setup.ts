import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, startEmbeddedPostgres } from '../../libs/database/src';
import { MIGRATIONS } from '../../migrations';
import { newStateFile, type TestDbState } from './test-db-state';

/**
 * One PostgreSQL for the whole run: the server of DATABASE_URL when set, else
 * an embedded one. Migrations run once into a template database; every test
 * file then gets its own database copied from it (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.SAOMA_TEST_NO_DB === '1') return;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let embeddedDir: string | null = null;
  let adminUrl: string;
  try {
    if (process.env.DATABASE_URL) {
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = '/postgres';
      adminUrl = u.toString();
    } else {
      // /tmp is world-readable: the postgres OS user (when run as root) can reach a folder below it
      embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-test-pg-'));
      fs.chmodSync(embeddedDir, 0o755);
      const db = await startEmbeddedPostgres({ dir: embeddedDir, port: 0 });
      stopEmbedded = db.stop;
      adminUrl = db.adminUrl;
    }
    const template = `saoma_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${template}`;
    const ds = new DataSource(dataSourceOptions({ url: u.toString(), migrations: MIGRATIONS, poolSize: 2 }));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const state: TestDbState = { adminUrl, template, embeddedDir, pid: process.pid };
    fs.writeFileSync(newStateFile(), JSON.stringify(state));
    (globalThis as { __saomaStop?: () => Promise<void> }).__saomaStop = stopEmbedded ?? undefined;
  } catch (err) {
    // globalTeardown does not run when globalSetup throws
    if (stopEmbedded) await stopEmbedded().catch(() => undefined);
    if (embeddedDir) fs.rmSync(embeddedDir, { recursive: true, force: true });
    throw err;
  }
}
