import { type AppConfig, ConfigError, JsonLogger, loadConfig } from '@saoma/common';
import { applyMigrations, runningEmbeddedUrl, startEmbeddedPostgres } from '@saoma/database';
import { MIGRATIONS } from '../../../migrations';

/** The configuration, or exit 2 with what is wrong. */
export function configOrExit(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export interface Database {
  url: string;
  /** Stops the embedded PostgreSQL when this process started it. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL; else the embedded PostgreSQL of DATA_DIR: the one running
 * there (a worker beside `npm start`), or a new one when `start` allows it.
 */
export async function resolveDatabase(config: AppConfig, logger: JsonLogger, start: boolean): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const dir = `${config.dataDir}/postgres`;
  const running = runningEmbeddedUrl(dir);
  if (running) {
    logger.log(`DATABASE_URL is unset: using the embedded PostgreSQL running in ${dir}`, 'Bootstrap');
    return { url: running, stop: async () => undefined };
  }
  if (!start)
    throw new Error(`DATABASE_URL is unset and no embedded PostgreSQL runs in ${dir}: start the service first`);
  logger.log(`DATABASE_URL is unset: starting the embedded PostgreSQL in ${dir}`, 'Bootstrap');
  const db = await startEmbeddedPostgres({
    dir,
    port: config.embeddedPgPort,
    onLog: (line) => logger.debug(line, 'EmbeddedPostgres'),
  });
  return { url: db.urlFor('postgres'), stop: db.stop };
}

/** Pending migrations, when this process is to apply them (MIGRATE_ON_START). */
export async function migrateIfAsked(config: AppConfig, url: string, logger: JsonLogger): Promise<void> {
  if (!config.migrateOnStart) return;
  const applied = await applyMigrations({ url, migrations: MIGRATIONS });
  for (const name of applied) logger.log(`applied migration ${name}`, 'Bootstrap');
}

/**
 * SIGINT/SIGTERM: `close` (stop accepting, finish what is in flight), then
 * the embedded database; a second signal or 20 s force the exit.
 */
export function stopOnSignals(close: () => Promise<void>, db: Database, logger: JsonLogger): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`, 'Bootstrap');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await close();
    } finally {
      await db.stop().catch((e) => logger.error(e instanceof Error ? e : String(e), 'Bootstrap'));
      logger.log('stopped', 'Bootstrap');
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export function exitOnStartFailure(err: unknown): never {
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
