import './alias.register';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger } from '@saoma/common';
import { resolveMasterKey } from '@saoma/database';
import { AppModule } from './app.module';
import { configureApp, httpAdapter } from './configure-app';
import { configOrExit, exitOnStartFailure, migrateIfAsked, resolveDatabase, stopOnSignals } from './process-bootstrap';

async function bootstrap(): Promise<void> {
  const config = configOrExit(process.env);
  const logger = new JsonLogger(config.logLevel);
  const db = await resolveDatabase(config, logger, true);
  await migrateIfAsked(config, db.url, logger);
  const masterKey = resolveMasterKey(config.masterKey, config.dataDir);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: db.url, masterKey, logger }),
    httpAdapter(config),
    { bufferLogs: true, bodyParser: false, logger },
  );
  await configureApp(app);
  // app.close() stops accepting and waits for the requests in flight, then closes the pool. A
  // keep-alive connection whose request finishes meanwhile would hold the close open until the
  // client lets go (Fastify keeps them 72 s): close each one as soon as it goes idle.
  const server = app.getHttpServer() as import('node:http').Server;
  stopOnSignals(
    async () => {
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
    },
    db,
    logger,
  );

  await app.listen(config.port, '0.0.0.0');
  logger.log(`Saoma listening on port ${config.port}`, 'Bootstrap');
}

bootstrap().catch(exitOnStartFailure);
