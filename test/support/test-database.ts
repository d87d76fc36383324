import crypto from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src';
import { MIGRATIONS } from '../../migrations';
import { stateFile, type TestDbState } from './test-db-state';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function state(): TestDbState {
  return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as TestDbState;
}

/** A fresh, migrated database of its own for one test file (copied from the template). */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const s = state();
  const name = `saoma_t_${s.pid}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: s.adminUrl });
  await admin.connect();
  try {
    await admin.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${s.template}`);
  } finally {
    await admin.end();
  }
  const u = new URL(s.adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: s.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A DataSource on a fresh test database; `close()` destroys it and drops the database. */
export async function openTestDataSource(
  opts: { poolSize?: number } = {},
): Promise<{ ds: DataSource; db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const ds = new DataSource(dataSourceOptions({ url: db.url, migrations: MIGRATIONS, poolSize: opts.poolSize ?? 20 }));
  await ds.initialize();
  return {
    ds,
    db,
    async close() {
      await ds.destroy();
      await db.drop();
    },
  };
}
