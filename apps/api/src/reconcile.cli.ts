// `npm run reconcile -- --date YYYY-MM-DD [--currency CNY] [--compact]`: the
// reconciliation report of GET /v1/finance/reconciliation, as JSON on stdout,
// for cron jobs. Exit status: 0 everything reconciles, 1 something does not
// (the report says what), 2 bad usage or configuration, 3 the report could
// not be made (database unreachable, …). Logs go to stderr.
//
// Database: DATABASE_URL when set; otherwise the embedded PostgreSQL under
// DATA_DIR (default .data) exactly as `npm start` uses it. When the service
// is running on that data directory its PostgreSQL is already up: the CLI
// connects to it (port from postmaster.pid) instead of starting (and so
// stopping) one of its own.
import './alias.register';
import 'reflect-metadata';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig, ConfigError, JsonLogger, loadConfig } from '@saoma/common';
import { dataSourceOptions, runningEmbeddedUrl, startEmbeddedPostgres } from '@saoma/database';
import { FinanceTreasuryModule, ReconciliationService, isUtcDate } from '@saoma/finance';
import { isSupportedCurrency } from '@saoma/money';
import pino from 'pino';
import { MIGRATIONS } from '../../../migrations';

const USAGE = `usage: npm run reconcile -- --date YYYY-MM-DD [--currency CUR] [--compact]

Prints the reconciliation report of that UTC day (default: yesterday) as JSON.
Exit status: 0 reconciled, 1 not reconciled, 2 bad usage, 3 could not run.
`;

export interface CliArgs {
  date: string;
  currency: string | null;
  compact: boolean;
}

/** Parse `--date D`, `--date=D`, `--currency C`, `--compact`, `--help`. */
export function parseArgs(argv: string[], now = new Date()): CliArgs | { help: true } | { error: string } {
  const yesterday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1))
    .toISOString()
    .slice(0, 10);
  const out: CliArgs = { date: yesterday, currency: null, compact: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { help: true };
    else if (flag === '--compact') out.compact = true;
    else if (flag === '--date') {
      const v = value();
      if (!isUtcDate(v)) return { error: `--date must be a day YYYY-MM-DD, not ${JSON.stringify(v ?? '')}` };
      out.date = v;
    } else if (flag === '--currency') {
      const v = value();
      if (typeof v !== 'string' || !isSupportedCurrency(v))
        return { error: `--currency must be a supported ISO 4217 code, not ${JSON.stringify(v ?? '')}` };
      out.currency = v;
    } else return { error: `unknown argument ${JSON.stringify(a)}` };
  }
  return out;
}

@Global()
@Module({})
class CliCoreModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return { module: CliCoreModule, providers: [{ provide: JsonLogger, useValue: logger }], exports: [JsonLogger] };
  }
}

@Module({})
class ReconcileCliModule {
  static forRoot(url: string, logger: JsonLogger): DynamicModule {
    return {
      module: ReconcileCliModule,
      imports: [
        CliCoreModule.forRoot(logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url, migrations: MIGRATIONS, poolSize: 10, applicationName: 'saoma-reconcile' }),
          // the same schema the service would run on (a no-op when it is up to date)
          migrationsRun: true,
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        FinanceTreasuryModule,
      ],
    };
  }
}

async function database(config: AppConfig, logger: JsonLogger): Promise<{ url: string; stop: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const running = runningEmbeddedUrl(`${config.dataDir}/postgres`);
  if (running) {
    logger.log(`using the running embedded PostgreSQL of ${config.dataDir}/postgres`, 'Reconcile');
    return { url: running, stop: async () => undefined };
  }
  logger.log(`DATABASE_URL is unset: starting the embedded PostgreSQL in ${config.dataDir}/postgres`, 'Reconcile');
  const db = await startEmbeddedPostgres({
    dir: `${config.dataDir}/postgres`,
    port: config.embeddedPgPort,
    onLog: (line) => logger.debug(line, 'EmbeddedPostgres'),
  });
  return { url: db.urlFor('postgres'), stop: db.stop };
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The whole command: arguments and environment in, the report out, the exit status back. */
export async function reconcileCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const args = parseArgs(argv);
  if ('help' in args) {
    io.stdout(USAGE);
    return 0;
  }
  if ('error' in args) {
    io.stderr(`${args.error}\n${USAGE}`);
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // stdout is the report's: logs go to stderr
  const logger = new JsonLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));
  let stop: () => Promise<void> = async () => undefined;
  try {
    const db = await database(config, logger);
    stop = db.stop;
    const app = await NestFactory.createApplicationContext(ReconcileCliModule.forRoot(db.url, logger), {
      logger: false,
      abortOnError: false,
    });
    try {
      const report = await app.get(ReconciliationService).report(args.date, args.currency);
      io.stdout(`${JSON.stringify(report, null, args.compact ? undefined : 2)}\n`);
      if (!report.reconciled) for (const p of report.problems) io.stderr(`does not reconcile: ${p}\n`);
      return report.reconciled ? 0 : 1;
    } finally {
      await app.close();
    }
  } catch (err) {
    io.stderr(`reconcile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 3;
  } finally {
    await stop().catch((e) => io.stderr(`stopping the embedded PostgreSQL: ${String(e)}\n`));
  }
}

if (require.main === module) {
  reconcileCli(process.argv.slice(2), process.env, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
      // whatever still holds the event loop (a driver's timer) must not keep a cron job waiting
      setTimeout(() => process.exit(code), 5000).unref();
    },
    (err) => {
      process.stderr.write(`reconcile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(3);
    },
  );
}
