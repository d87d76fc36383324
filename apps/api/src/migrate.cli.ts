// `npm run migration:run` / `npm run migration:revert`: the schema step for
// deployments that prefer it apart from `npm start` (which also applies
// pending migrations). Uses DATABASE_URL, or the embedded PostgreSQL.
import './alias.register';
import 'reflect-metadata';
import { loadConfig } from '@saoma/common';
import { dataSourceOptions, startEmbeddedPostgres } from '@saoma/database';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

async function main(): Promise<void> {
  const action = process.argv[2];
  if (action !== 'run' && action !== 'revert' && action !== 'show') {
    process.stderr.write('usage: migrate.cli.js run|revert|show\n');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  let stop = async () => undefined as void;
  let url = config.databaseUrl;
  if (!url) {
    const db = await startEmbeddedPostgres({ dir: `${config.dataDir}/postgres`, port: config.embeddedPgPort });
    url = db.urlFor('postgres');
    stop = db.stop;
  }
  const ds = new DataSource(dataSourceOptions({ url, migrations: MIGRATIONS, poolSize: 2 }));
  try {
    await ds.initialize();
    if (action === 'run') {
      const done = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(done.length ? done.map((m) => `applied ${m.name}\n`).join('') : 'no pending migrations\n');
    } else if (action === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const pending = await ds.showMigrations();
      process.stdout.write(pending ? 'there are pending migrations\n' : 'schema is up to date\n');
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
