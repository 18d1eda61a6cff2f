import { DataSource } from 'typeorm';
import { z } from 'zod';
import { backlogAfter, CheckpointStore, EventStore, Queryable } from '@orderflow/event-store';
import { liveSubscriber, lockKeys, ProjectionName, QUERY_SCHEMA } from './projection';
import { PROJECTION_NAMES } from './registry';

const instant = () => z.iso.datetime({ offset: true });

export const RebuildStatus = z
  .object({
    // rebuilding / swapping: in progress; live: the last rebuild finished; failed or abandoned: it did not.
    state: z.enum(['rebuilding', 'swapping', 'live', 'failed', 'abandoned']),
    startedAt: instant().nullable(),
    updatedAt: instant().nullable(),
    finishedAt: instant().nullable(),
    totalEvents: z.number().int(),
    eventsDone: z.number().int(),
    ratePerSecond: z.number(),
    etaSeconds: z.number(),
    error: z.string().nullable(),
  })
  .describe('The latest rebuild, if any was ever run');
export type RebuildStatus = z.infer<typeof RebuildStatus>;

export const ProjectionStatus = z.object({
  name: z.enum(PROJECTION_NAMES as [ProjectionName, ...ProjectionName[]]),
  // rebuilding while a rebuild replays into shadow tables (the live tables keep serving).
  state: z.enum(['live', 'rebuilding']),
  checkpoint: z.object({ position: z.number().int(), transactionId: z.string() }),
  headPosition: z.number().int(),
  // Including those it may not read yet because an older transaction somewhere on the server is still writing.
  lagEvents: z.number().int().describe('Events not applied yet, in (transaction id, position) order'),
  lagSeconds: z.number().describe('Now minus the recording time of the oldest unapplied event; 0 when none'),
  rebuild: RebuildStatus.nullable(),
});
export type ProjectionStatus = z.infer<typeof ProjectionStatus>;

/** Checkpoint, head, lag and rebuild progress of every projection (GET /projections). */
export async function projectionStatuses(dataSource: DataSource, store = new EventStore(dataSource)): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const checkpoints = new CheckpointStore(dataSource);
  return Promise.all(
    PROJECTION_NAMES.map(async (name): Promise<ProjectionStatus> => {
      const checkpoint = await checkpoints.load(liveSubscriber(name));
      const lag = await backlogAfter(dataSource, checkpoint);
      const rebuild = await rebuildStatus(dataSource, name);
      return {
        name,
        state: rebuild && (rebuild.state === 'rebuilding' || rebuild.state === 'swapping') ? 'rebuilding' : 'live',
        checkpoint: { position: checkpoint.globalPosition, transactionId: checkpoint.transactionId },
        headPosition: head,
        lagEvents: lag.events,
        lagSeconds: lag.oldestAgeSeconds,
        rebuild,
      };
    }),
  );
}

async function rebuildStatus(db: Queryable, name: ProjectionName): Promise<RebuildStatus | null> {
  const key = BigInt(lockKeys(name).rebuild);
  const unsigned = BigInt.asUintN(64, key);
  const [row] = (await db.query(
    `SELECT s.state, to_json(s.started_at) #>> '{}' AS started_at, to_json(s.updated_at) #>> '{}' AS updated_at,
            to_json(s.finished_at) #>> '{}' AS finished_at, s.total_events, s.events_done, s.rate_per_second,
            s.eta_seconds, s.error,
            EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                       AND l.classid::bigint = $2 AND l.objid::bigint = $3) AS rebuild_running
       FROM ${QUERY_SCHEMA}.projection_status s WHERE s.projection = $1`,
    [name, (unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
  )) as {
    state: RebuildStatus['state'];
    started_at: string | null;
    updated_at: string | null;
    finished_at: string | null;
    total_events: string | null;
    events_done: string | null;
    rate_per_second: number | null;
    eta_seconds: number | null;
    error: string | null;
    rebuild_running: boolean;
  }[];
  if (!row) return null;
  const inProgress = row.state === 'rebuilding' || row.state === 'swapping';
  return {
    // A rebuild whose process died leaves its row behind but no longer holds its lock.
    state: inProgress && !row.rebuild_running ? 'abandoned' : row.state,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    totalEvents: Number(row.total_events ?? 0),
    eventsDone: Number(row.events_done ?? 0),
    ratePerSecond: row.rate_per_second ?? 0,
    etaSeconds: row.eta_seconds ?? 0,
    error: row.error,
  };
}
