// `npm run worker`: webhook delivery and the periodic jobs (order expiry,
// idempotency purge, folding of ledger deltas) without HTTP, for deployments
// whose service processes run with WEBHOOK_WORKER=false PERIODIC_JOBS=false.
// Any number may run at once: every job claims its rows with SKIP LOCKED or
// changes them with conditional updates.
import './alias.register';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '@saoma/common';
import { resolveMasterKey } from '@saoma/database';
import { AppModule } from './app.module';
import { configOrExit, exitOnStartFailure, migrateIfAsked, resolveDatabase, stopOnSignals } from './process-bootstrap';

async function worker(): Promise<void> {
  const config = { ...configOrExit(process.env), webhookWorkerEnabled: true, periodicJobs: true };
  const logger = new JsonLogger(config.logLevel);
  // beside `npm start` on the embedded database: use that one, never a second
  const db = await resolveDatabase(config, logger, false);
  await migrateIfAsked(config, db.url, logger);
  const masterKey = resolveMasterKey(config.masterKey, config.dataDir);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: db.url, masterKey, logger }),
    { bufferLogs: true, logger },
  );
  await app.init();
  // The jobs' timers do not hold the process (tests end without stopping them), and the pool's sockets are
  // all that is left between rounds: when the database goes (a restart, ended connections) the event loop
  // would empty and the worker exit 0, silently. It lives until a signal.
  const alive = setInterval(() => undefined, 3_600_000);
  stopOnSignals(
    async () => {
      clearInterval(alive);
      await app.close();
    },
    db,
    logger,
  );
  logger.log('Saoma worker running: webhook delivery, order expiry, idempotency purge, ledger fold', 'Worker');
}

worker().catch(exitOnStartFailure);
