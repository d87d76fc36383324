import type { DataSourceOptions, MixedList } from 'typeorm';

export interface DataSourceInput {
  url: string;
  poolSize?: number;
  // TypeORM's own option types: a list of classes
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  applicationName?: string;
  /** Hot statements prepared by name (see preparedQuery); false behind a pooler that cannot keep them. */
  namedStatements?: boolean;
}

/** The one place that decides how Saoma talks to PostgreSQL. */
export function dataSourceOptions(input: DataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: input.entities ?? [],
    migrations: input.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // bigint and numeric stay strings: money never passes through a JS number
    extra: {
      max: input.poolSize ?? 20,
      application_name: input.applicationName ?? 'saoma',
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      // read by preparedQuery; pg ignores keys it does not know
      saomaNamedStatements: input.namedStatements ?? true,
    },
  };
}
