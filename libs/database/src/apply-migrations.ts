import { DataSource } from 'typeorm';
import { dataSourceOptions, type DataSourceInput } from './data-source-options';

/** Any constant: the key every process takes before it looks at the schema. */
const MIGRATIONS_LOCK = 'saoma:migrations';

/**
 * Apply pending migrations, one transaction each, while holding a session
 * advisory lock: several processes started at once (three services and a
 * worker) queue here instead of racing to create the same table, and the
 * later ones find nothing pending. The pool has one connection so the lock
 * and the migrations run on the same session; use a direct URL to the
 * primary, not a transaction-mode pooler (which could move the session).
 * Returns the names applied.
 */
export async function applyMigrations(input: Pick<DataSourceInput, 'url' | 'migrations'>): Promise<string[]> {
  const ds = new DataSource(
    dataSourceOptions({ url: input.url, migrations: input.migrations, poolSize: 1, applicationName: 'saoma-migrate' }),
  );
  await ds.initialize();
  try {
    await ds.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATIONS_LOCK]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await ds.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATIONS_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
