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
  const named = namedStatementsOn(on);
  const result = await (await connectionOf(on)).query<T>(named ? { name, text, values } : { text, values });
  return result.rows;
}

/**
 * Off when the pool goes through pgbouncer in transaction mode (before 1.21),
 * where a statement prepared on one server connection is missing on the next:
 * then each call is parsed again (its plpgsql function keeps its own plans).
 */
function namedStatementsOn(on: DataSource | EntityManager): boolean {
  const ds = 'dataSource' in on ? on.dataSource : on;
  const extra = (ds.options as { extra?: { saomaNamedStatements?: boolean } }).extra;
  return extra?.saomaNamedStatements !== false;
}

async function connectionOf(on: DataSource | EntityManager): Promise<Pool | PoolClient> {
  if ('queryRunner' in on && on.queryRunner) return (await on.queryRunner.connect()) as PoolClient;
  const ds = 'dataSource' in on ? on.dataSource : on;
  return (ds.driver as unknown as { master: Pool }).master;
}
