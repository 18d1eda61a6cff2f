import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Anything that runs SQL: a DataSource (a statement is its own transaction) or a transaction. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Runs a hot statement as a named prepared statement on the pg connection under TypeORM: each
 * connection parses and plans it once, and later calls send only its parameters. TypeORM's own
 * per-query work (logging, subscribers, result shaping) is skipped. Anything that is not a
 * TypeORM PostgreSQL DataSource or query runner (a test double) gets a plain `query`.
 */
export async function runPrepared<R extends QueryResultRow>(db: SqlRunner, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = pgClientOf(db);
  if (!client) return (await db.query(text, values)) as R[];
  const result = await client.query<R>({ name, text, values });
  return result.rows;
}

/** The pg pool a PostgreSQL DataSource queries through: its connections, without TypeORM's per-query work. */
export function pgPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

function pgClientOf(db: SqlRunner): Pool | PoolClient | undefined {
  if (db instanceof DataSource) return db.options.type === 'postgres' ? pgPoolOf(db) : undefined;
  const runner = db as QueryRunner & { databaseConnection?: PoolClient };
  if (runner.isReleased || runner.dataSource?.options.type !== 'postgres') return undefined;
  // A transaction's runner holds its connection once it has begun; before that, TypeORM's query connects it.
  return runner.databaseConnection;
}
