import { Queryable } from '@orderflow/event-store';
import { liveSubscriber, ProjectionName } from './projection';

export interface PositionCheck {
  /** Global position of the last event the projection applied (0 before the first). */
  position: number;
  /** Whether the event at the asked position is reflected. */
  reached: boolean;
}

/**
 * The event at global position N is reflected when (its transaction id, N) <= the projection's
 * checkpoint: projections apply events in exactly that order, so the comparison is exact.
 */
export async function checkPosition(db: Queryable, projection: ProjectionName, minPosition: number): Promise<PositionCheck> {
  const [row] = (await db.query(
    `SELECT coalesce(c.global_position, 0) AS position,
            ($2::bigint <= 0 OR EXISTS (
              SELECT 1 FROM events e
               WHERE e.global_position = $2::bigint
                 AND (e.transaction_id, e.global_position) <= (c.transaction_id, c.global_position))) AS reached
       FROM (SELECT 1) AS one LEFT JOIN checkpoints c ON c.subscriber = $1`,
    [liveSubscriber(projection), minPosition],
  )) as { position: string; reached: boolean }[];
  return { position: Number(row.position), reached: row.reached };
}

/** Polls until the projection reflects `minPosition` or the time is up; says where it got to. */
export async function waitForPosition(
  db: Queryable,
  projection: ProjectionName,
  minPosition: number,
  { timeoutMs = 5000, pollMs = 25 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<PositionCheck> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const check = await checkPosition(db, projection, minPosition);
    if (check.reached || Date.now() >= deadline) return check;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
