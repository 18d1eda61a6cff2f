import { DataSource } from 'typeorm';
import { pgPoolOf, Queryable } from '@orderflow/event-store';
import { liveSubscriber, ProjectionName } from '@orderflow/projections';

/** A read of a projection and the position it reflects (the X-Projection-Position header). */
export interface Projected<T> {
  position: number;
  body: T;
}

/**
 * Reads a projection and its checkpoint in ONE statement, so the position is exactly what the
 * result reflects and a swap can never fall between the two. `resultSql` is a query returning
 * one value (usually json built in SQL); its parameters are `params`.
 */
export async function readProjection<T>(db: Queryable, projection: ProjectionName, resultSql: string, params: unknown[] = []): Promise<Projected<T | null>> {
  const [row] = (await db.query(
    `SELECT coalesce((SELECT global_position FROM checkpoints WHERE subscriber = '${liveSubscriber(projection)}'), 0) AS position,
            (${resultSql}) AS result`,
    params,
  )) as { position: string; result: T | null }[];
  return { position: Number(row.position), body: row.result };
}

/** The projection's position alone, read before a multi-statement answer (a lower bound of what it reflects). */
export async function projectionPosition(db: Queryable, projection: ProjectionName): Promise<number> {
  return (await readProjection<null>(db, projection, 'SELECT NULL')).position;
}

/** A JSON body (of shape T) already serialised, by PostgreSQL: sent as it is, never parsed and stringified again. */
export class JsonText<T = unknown> {
  declare private readonly shape?: T;

  constructor(readonly text: string) {}
}

/**
 * A projection read on a hot path, prepared once. Its SQL (the checkpoint and the result in ONE
 * statement, as readProjection) is built once and runs as a named statement on the pg pool under
 * the DataSource (the same connections, without TypeORM's per-query work): each connection parses
 * and plans it once. Columns come back as the text PostgreSQL sends, unparsed. A rebuild's table
 * swap is safe: PostgreSQL analyses a prepared statement again once the swap has invalidated it,
 * so it reads the table swapped in, as an unprepared statement would.
 */
export class PreparedProjectionRead {
  private readonly text: string;

  constructor(
    private readonly name: string,
    projection: ProjectionName,
    /** A query of at most one row whose columns are text, e.g. `SELECT doc::text FROM ...`. */
    resultSql: string,
  ) {
    this.text = `SELECT coalesce((SELECT global_position FROM checkpoints WHERE subscriber = '${liveSubscriber(projection)}'), 0)::text, r.*
       FROM (SELECT) AS one LEFT JOIN (${resultSql}) AS r ON true`;
  }

  /** The result's columns (all null when it has no row) and the position they reflect. */
  async run(dataSource: DataSource, values: unknown[]): Promise<Projected<(string | null)[]>> {
    const result = await pgPoolOf(dataSource).query<(string | null)[]>({ name: this.name, text: this.text, values, rowMode: 'array' });
    const [position, ...columns] = result.rows[0];
    return { position: Number(position), body: columns };
  }
}
