import type { OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Where a report was read, and how far behind the primary that was. */
export interface ReadFrom {
  /** true when read from a streaming replica (READ_DATABASE_URL). */
  replica: boolean;
  /** Seconds of primary commits the replica had not replayed when the report began; 0 on the primary. */
  lagSeconds: number;
}

/**
 * The database that reports read: a streaming replica when one is configured,
 * else the primary itself. Reports run in read-only snapshots, which a hot
 * standby serves; everything that writes, and everything a client must read
 * back right after writing (balances, its own payments), stays on the primary.
 */
export class ReadDatabase implements OnApplicationShutdown {
  constructor(
    readonly source: DataSource,
    private readonly isReplica: boolean,
  ) {}

  /**
   * The replica's delay: zero when it has replayed all the WAL it received
   * (an idle primary sends none, and the age of the last replayed commit
   * would then grow without any delay), else the age of the last replayed
   * commit.
   */
  async readFrom(): Promise<ReadFrom> {
    if (!this.isReplica) return { replica: false, lagSeconds: 0 };
    const [row] = await this.source.query<Array<{ lag: string | null }>>(
      `SELECT CASE
                WHEN NOT pg_is_in_recovery() THEN 0
                WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                ELSE GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()))
              END::float8::text AS lag`,
    );
    return { replica: true, lagSeconds: Math.round(Number(row?.lag ?? 0) * 1000) / 1000 };
  }

  /** The replica's pool is this object's own; the primary's belongs to TypeORM's module. */
  async onApplicationShutdown(): Promise<void> {
    if (this.isReplica && this.source.isInitialized) await this.source.destroy();
  }
}
