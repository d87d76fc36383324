import './alias.register';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, JsonLogger, loadConfig } from '@saoma/common';
import { resolveMasterKey, startEmbeddedPostgres } from '@saoma/database';
import { AppModule } from './app.module';
import { configureApp, httpAdapter } from './configure-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = new JsonLogger(config.logLevel);
  let stopDatabase: () => Promise<void> = async () => undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`DATABASE_URL is unset: starting the embedded PostgreSQL in ${config.dataDir}/postgres`, 'Bootstrap');
    const db = await startEmbeddedPostgres({
      dir: `${config.dataDir}/postgres`,
      port: config.embeddedPgPort,
      onLog: (line) => logger.debug(line, 'EmbeddedPostgres'),
    });
    databaseUrl = db.urlFor('postgres');
    stopDatabase = db.stop;
  }
  const masterKey = resolveMasterKey(config.masterKey, config.dataDir);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl, masterKey, logger }),
    httpAdapter(config),
    {
      bufferLogs: true,
      bodyParser: false,
      logger,
    },
  );
  await configureApp(app);

  // SIGINT/SIGTERM: stop accepting, let in-flight requests finish (app.close
  // waits for them), close the pool, then stop the embedded database.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`, 'Bootstrap');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await app.close();
    } finally {
      await stopDatabase().catch((e) => logger.error(e instanceof Error ? e : String(e), 'Bootstrap'));
      logger.log('stopped', 'Bootstrap');
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.port, '0.0.0.0');
  logger.log(`Saoma listening on port ${config.port}`, 'Bootstrap');
}

bootstrap().catch((err) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
