import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig, JsonLogger, MASTER_KEY } from '@saoma/common';
import { dataSourceOptions, ReadDatabaseModule } from '@saoma/database';
import { FinanceReportsModule, FinanceTreasuryModule } from '@saoma/finance';
import { IdempotencyModule } from '@saoma/idempotency';
import { IdentityModule, AuthGuard } from '@saoma/identity';
import { LedgerModule } from '@saoma/ledger';
import { PaymentsModule } from '@saoma/payments';
import { SigningModule } from '@saoma/signing';
import { WebhooksModule } from '@saoma/webhooks';
import { MIGRATIONS } from '../../../migrations';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { CONTROLLERS } from './controllers';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  masterKey: Buffer;
  logger?: JsonLogger;
}

/** Configuration, the master key and the logger, for every module. */
@Global()
@Module({})
class CoreModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: opts.config },
        { provide: JsonLogger, useValue: opts.logger ?? new JsonLogger(opts.config.logLevel) },
        { provide: MASTER_KEY, useValue: opts.masterKey },
      ],
      exports: [APP_CONFIG, JsonLogger, MASTER_KEY],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: opts.databaseUrl,
            migrations: MIGRATIONS,
            poolSize: opts.config.dbPoolSize,
            namedStatements: opts.config.namedStatements,
          }),
          // applied before the module starts, under a lock (applyMigrations), when MIGRATE_ON_START
          migrationsRun: false,
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        ReadDatabaseModule.forRoot({
          url: opts.config.readDatabaseUrl,
          poolSize: Math.max(2, Math.ceil(opts.config.dbPoolSize / 4)),
          namedStatements: opts.config.namedStatements,
        }),
        LedgerModule,
        IdentityModule,
        IdempotencyModule,
        PaymentsModule,
        SigningModule,
        WebhooksModule,
        FinanceReportsModule,
        FinanceTreasuryModule,
      ],
      controllers: [HealthController, ...CONTROLLERS],
      providers: [HealthService, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
