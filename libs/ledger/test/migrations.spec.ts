import { dataSourceOptions } from '@saoma/database';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';

/*
 * Every migration, current and future, goes up on an empty database and
 * comes down again exactly: after undoing migration k the schema is the one
 * that migrations 1..k-1 made, and undoing them all leaves nothing but
 * TypeORM's own schema_migrations table.
 */

const MIGRATIONS_TABLE = 'schema_migrations';

/** Everything a migration could leave in schema public, TypeORM's own bookkeeping left out. Sorted, so comparable. */
async function schemaOf(ds: DataSource): Promise<Record<string, string[]>> {
  const q = async (sql: string): Promise<string[]> =>
    ((await ds.query(sql, [MIGRATIONS_TABLE])) as Array<{ x: string }>).map((r) => r.x).sort();
  return {
    // tables, views, sequences, indexes, composite types; schema_migrations, its sequence and its key left out
    relations: await q(
      `SELECT c.relkind::text || ' ' || c.relname AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname NOT LIKE $1 || '%'
          AND c.oid NOT IN (SELECT indexrelid FROM pg_index WHERE indrelid = to_regclass($1))`,
    ),
    columns: await q(
      `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS x
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1`,
    ),
    constraints: await q(
      `SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS x
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid IS DISTINCT FROM to_regclass($1)`,
    ),
    indexes: await q(`SELECT indexdef AS x FROM pg_indexes WHERE schemaname = 'public' AND tablename <> $1`),
    functions: await q(
      `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(coalesce(p.prosrc, '')) AS x
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname <> $1`,
    ),
    triggers: await q(
      `SELECT pg_get_triggerdef(t.oid) AS x FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal AND c.relname <> $1`,
    ),
    types: await q(
      `SELECT t.typtype::text || ' ' || t.typname AS x FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm') AND t.typname <> $1`,
    ),
    extensions: await q(`SELECT extname AS x FROM pg_extension WHERE extname <> $1`),
  };
}

async function recordedMigrations(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await ds.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
  return rows.map((r) => r.name);
}

const nameOf = (m: (typeof MIGRATIONS)[number]) => new m().name ?? m.name;

describe('migrations on an empty database', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  /** A DataSource that knows the first `count` migrations. */
  async function open(count: number): Promise<DataSource> {
    const ds = new DataSource(dataSourceOptions({ url: db.url, migrations: MIGRATIONS.slice(0, count), poolSize: 2 }));
    await ds.initialize();
    sources.push(ds);
    return ds;
  }

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  it('lists at least one migration, each with a distinct name', () => {
    const names = MIGRATIONS.map(nameOf);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs every migration up, undoes each one exactly, leaving only schema_migrations, and runs them all up again', async () => {
    const all = await open(MIGRATIONS.length);
    // schemas[k]: after the first k migrations
    const schemas = [await schemaOf(all)];
    expect(schemas[0].relations).toEqual([]);

    for (let k = 1; k <= MIGRATIONS.length; k++) {
      const ds = await open(k);
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.map((m) => m.name)).toEqual([nameOf(MIGRATIONS[k - 1])]);
      schemas.push(await schemaOf(all));
      // each migration leaves a mark of its own in the schema
      expect(schemas[k]).not.toEqual(schemas[k - 1]);
    }
    expect(await recordedMigrations(all)).toEqual(MIGRATIONS.map(nameOf));
    expect(await all.runMigrations({ transaction: 'each' })).toEqual([]);

    for (let k = MIGRATIONS.length; k >= 1; k--) {
      await all.undoLastMigration({ transaction: 'each' });
      expect(await recordedMigrations(all)).toEqual(MIGRATIONS.slice(0, k - 1).map(nameOf));
      expect({ after: `undoing ${nameOf(MIGRATIONS[k - 1])}`, schema: await schemaOf(all) }).toEqual({
        after: `undoing ${nameOf(MIGRATIONS[k - 1])}`,
        schema: schemas[k - 1],
      });
    }

    const tables: Array<{ table_name: string }> = await all.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([MIGRATIONS_TABLE]);
    const functions: Array<{ proname: string }> = await all.query(
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
    );
    expect(functions).toEqual([]);

    const again = await all.runMigrations({ transaction: 'each' });
    expect(again.map((m) => m.name)).toEqual(MIGRATIONS.map(nameOf));
    expect(await schemaOf(all)).toEqual(schemas[MIGRATIONS.length]);
  });
});
