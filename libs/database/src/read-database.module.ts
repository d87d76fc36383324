import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ReadDatabase } from './read-database';

export interface ReadDatabaseOptions {
  /** A streaming replica; null → reports read the primary. */
  url: string | null;
  poolSize: number;
  namedStatements: boolean;
}

/** Provides ReadDatabase to every module: the replica's pool when one is configured. */
@Global()
@Module({})
export class ReadDatabaseModule {
  static forRoot(opts: ReadDatabaseOptions): DynamicModule {
    return {
      module: ReadDatabaseModule,
      providers: [
        {
          provide: ReadDatabase,
          inject: [DataSource],
          useFactory: async (primary: DataSource) => {
            if (!opts.url) return new ReadDatabase(primary, false);
            const replica = new DataSource(
              dataSourceOptions({
                url: opts.url,
                poolSize: opts.poolSize,
                applicationName: 'saoma-reports',
                namedStatements: opts.namedStatements,
              }),
            );
            await replica.initialize();
            return new ReadDatabase(replica, true);
          },
        },
      ],
      exports: [ReadDatabase],
    };
  }
}
