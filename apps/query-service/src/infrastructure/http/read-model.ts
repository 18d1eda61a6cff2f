import { Queryable } from '@orderflow/event-store';
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
