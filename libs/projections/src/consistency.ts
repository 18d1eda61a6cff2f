import { CheckpointStore, Queryable } from '@orderflow/event-store';
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
export function checkPosition(db: Queryable, projection: ProjectionName, minPosition: number): Promise<PositionCheck> {
  return new CheckpointStore(db).reaches(liveSubscriber(projection), minPosition);
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
