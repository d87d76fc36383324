import crypto from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type AppConfig, JsonLogger, loadConfig } from '../../libs/common/src';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, httpAdapter } from '../../apps/api/src/configure-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestApp {
  app: INestApplication;
  /** The HTTP server for supertest. */
  http: ReturnType<INestApplication['getHttpServer']>;
  db: TestDatabase;
  config: AppConfig;
  /** The master key the app was built with (a worker on the same database needs it). */
  masterKey: Buffer;
  close(): Promise<void>;
}

/** The whole service on a fresh database of its own, as main.ts builds it. */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: { logger?: JsonLogger; sameDatabaseAs?: TestApp } = {},
): Promise<TestApp> {
  // a second process of the same service: its database and master key (closing it leaves the database)
  const shared = opts.sameDatabaseAs;
  const db: TestDatabase = shared ? { ...shared.db, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    WEBHOOK_WORKER: 'false',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const masterKey = shared?.masterKey ?? crypto.randomBytes(32);
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        databaseUrl: db.url,
        masterKey,
        logger: opts.logger ?? new JsonLogger('silent'),
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(config), { bodyParser: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: app.getHttpServer(),
    db,
    config,
    masterKey,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
