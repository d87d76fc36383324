import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A hot statement, prepared under `name` once per connection and then only
 * bound and executed: no parse or plan per call, and none of TypeORM's
 * per-query work. On a DataSource it runs on a pooled connection
 * (autocommit: one statement, one transaction); on a transaction's
 * EntityManager, in that transaction. Errors are pg's own (sqlState() and
 * isUniqueViolation() read them).
 */
export async function preparedQuery<T extends QueryResultRow>(
  on: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const result = await (await connectionOf(on)).query<T>({ name, text, values });
  return result.rows;
}

async function connectionOf(on: DataSource | EntityManager): Promise<Pool | PoolClient> {
  if ('queryRunner' in on && on.queryRunner) return (await on.queryRunner.connect()) as PoolClient;
  const ds = 'dataSource' in on ? on.dataSource : on;
  return (ds.driver as unknown as { master: Pool }).master;
}
