import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, GlobalCheckpoint, ReplayPage, START_OF_STREAM, Tx, withTransaction } from '@orderflow/event-store';
import {
  liveSubscriber,
  lockKeys,
  Projection,
  ProjectionName,
  QUERY_SCHEMA,
  rebuildSubscriber,
  RETIRED_SUFFIX,
  SHADOW_SUFFIX,
  tablesOf,
} from './projection';
import { PROJECTION_NAMES, projectionNamed } from './registry';

export interface RebuildProgress {
  projection: ProjectionName;
  /** rebuilding: replaying into shadow tables; swapping: catching up and swapping; done: live again. */
  phase: 'rebuilding' | 'swapping' | 'done';
  eventsDone: number;
  /** Events the live projection had applied when the rebuild started (it moves on meanwhile). */
  totalEvents: number;
  ratePerSecond: number;
  etaSeconds: number;
  /** Global position of the last event replayed. */
  position: number;
}

export interface RebuildResult {
  projection: ProjectionName;
  /** Events of the store replayed into the shadow tables, all batches together (those of types the projection does not fold passed over). */
  eventsApplied: number;
  /** The checkpoint handed to the live projector: the live one, which the shadow tables reached exactly. */
  checkpoint: GlobalCheckpoint;
  /** Its global position. */
  position: number;
  /** Rows of each table swapped in. */
  rows: Record<string, number>;
  seconds: number;
}

export interface RebuildOptions {
  /** Events per replay batch (each batch is one transaction on the shadow tables). */
  batchSize?: number;
  /** How many documents (orders) a projection's replay may hold in memory between batches. */
  heldDocuments?: number;
  store?: EventStore;
  /** How long one attempt to lock the live tables for the swap may wait before it lets readers pass and retries. */
  swapLockTimeoutMs?: number;
}

/**
 * Big enough that a rebuild is not dominated by per-batch overhead (the live projector's 500 was
 * sized for latency, not for replaying a whole store), small enough to keep a batch's events and
 * the orders it touches comfortably in memory.
 */
export const DEFAULT_REBUILD_BATCH_SIZE = 5000;
/**
 * Orders a replay keeps in memory (a few KB each) before it writes the least recently touched: far
 * more than are under way at once in any stretch of a batch or two, so most orders are written once.
 */
export const DEFAULT_HELD_DOCUMENTS = 10_000;
/**
 * Settings of a transaction that writes only shadow tables (ADR 17): its commit need not wait for
 * the WAL to reach disk (nothing reads the shadow before the swap, whose commit is synchronous and
 * flushes everything before it), and its big set-based statements, which the planner prices far
 * above what they cost, are not compiled (JIT took longer than running them).
 */
const SHADOW_WRITES = `SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true)`;
/** Catch-up passes before the swap; the swap itself replays whatever the live projector applied after the last one. */
const MAX_PASSES = 20;

function isBefore(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  const [x, y] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return x < y || (x === y && a.globalPosition < b.globalPosition);
}

/** Another rebuild of the same projection holds its rebuild lock. */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  constructor(readonly projection: ProjectionName) {
    super(`a rebuild of the ${projection} projection is already running`);
  }
}

/** The store gave back less than the live projection had already read: the rebuild stops rather than swap in less. */
export class RebuildShortReadError extends Error {
  override readonly name = 'RebuildShortReadError';
  constructor(
    readonly projection: ProjectionName,
    readonly reached: GlobalCheckpoint,
    readonly target: GlobalCheckpoint,
  ) {
    super(
      `rebuild of ${projection}: the store returned no events after position ${reached.globalPosition} although the live ` +
        `projection has applied up to position ${target.globalPosition}; nothing was swapped`,
    );
  }
}

/**
 * Rebuilds one projection (or all, one after another) from position 0 into shadow tables while the
 * live ones keep serving, then swaps them in one transaction. The rebuild replays exactly the events
 * the live projection has applied, no fewer and no more, so the swap changes nothing a reader sees:
 *  1. `<table>__rebuild` tables are created LIKE the live ones and replayed into, batch after batch
 *     (however many it takes), with their own checkpoint, up to the live projection's checkpoint;
 *     then short passes follow the live checkpoint as it moves. Progress goes to
 *     query.projection_status and to `onProgress` (awaited, so a caller may act at a phase change).
 *  2. The swap transaction takes the projection's writer lock (the live projector pauses, its
 *     checkpoint stands still), LOCKs the live tables, replays the shadow exactly up to the live
 *     checkpoint, renames live -> __old and shadow -> live, drops __old, and leaves the live
 *     checkpoint as it was: the live projector resumes where it stood.
 * Readers wait for the instant of the swap and then read the new tables (PostgreSQL looks a name up
 * again after waiting on a lock); none sees an empty or missing table, or fewer rows than before.
 * See ADR 9 for why the target is the live checkpoint and not the store's visible head.
 */
export async function rebuildProjection(
  dataSource: DataSource,
  name: ProjectionName | 'all',
  onProgress: (progress: RebuildProgress) => unknown = () => undefined,
  options: RebuildOptions = {},
): Promise<RebuildResult[]> {
  const names = name === 'all' ? PROJECTION_NAMES : [projectionNamed(name).name];
  const results: RebuildResult[] = [];
  for (const n of names) results.push(await rebuildOne(dataSource, projectionNamed(n), onProgress, options));
  return results;
}

async function rebuildOne(
  dataSource: DataSource,
  projection: Projection,
  onProgress: (progress: RebuildProgress) => unknown,
  options: RebuildOptions,
): Promise<RebuildResult> {
  const store = options.store ?? new EventStore(dataSource);
  const batchSize = options.batchSize ?? DEFAULT_REBUILD_BATCH_SIZE;
  const checkpoints = new CheckpointStore(dataSource);
  const live = tablesOf(projection);
  const shadow = tablesOf(projection, SHADOW_SUFFIX);
  const keys = lockKeys(projection.name);
  const liveCheckpoint = (tx?: Tx) => checkpoints.load(liveSubscriber(projection.name), tx);
  const started = Date.now();

  const guard = dataSource.createQueryRunner();
  await guard.connect();
  try {
    const [lock] = (await guard.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [keys.rebuild])) as {
      locked: boolean;
    }[];
    if (!lock.locked) throw new RebuildInProgressError(projection.name);

    let target = await liveCheckpoint();
    const [{ total }] = (await dataSource.query(
      `SELECT count(*)::bigint AS total FROM events WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)`,
      [target.transactionId, target.globalPosition],
    )) as { total: string }[];
    const progress: RebuildProgress = {
      projection: projection.name,
      phase: 'rebuilding',
      eventsDone: 0,
      totalEvents: Number(total),
      ratePerSecond: 0,
      etaSeconds: 0,
      position: 0,
    };
    const advance = (applied: number, position: number) => {
      progress.eventsDone += applied;
      progress.position = position || progress.position;
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      progress.ratePerSecond = progress.eventsDone / seconds;
      const left = Math.max(0, progress.totalEvents - progress.eventsDone);
      progress.etaSeconds = progress.ratePerSecond > 0 ? left / progress.ratePerSecond : 0;
    };

    try {
      await withTransaction(dataSource, async (tx) => {
        for (const table of projection.tables) {
          await tx.query(`DROP TABLE IF EXISTS ${shadow[table]}`);
          await tx.query(`CREATE TABLE ${shadow[table]} (LIKE ${live[table]} INCLUDING ALL)`);
        }
        await tx.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [rebuildSubscriber(projection.name)]);
        await saveStatus(tx, progress, 'rebuilding', true);
      });
      await onProgress({ ...progress });

      let checkpoint: GlobalCheckpoint = START_OF_STREAM;
      const replay = projection.replay?.(shadow, { heldDocuments: options.heldDocuments ?? DEFAULT_HELD_DOCUMENTS });
      const readPage = (after: GlobalCheckpoint, until: GlobalCheckpoint): Promise<ReplayPage> => {
        const page = store.readReplayPage({ after, until, limit: batchSize, types: projection.eventTypes });
        page.catch(() => undefined); // awaited in turn; a page read ahead of a batch that fails must not go unhandled
        return page;
      };
      /**
       * Replays batch after batch until the shadow stands exactly at `until`: before the swap through
       * the projection's replay (which may hold documents back until its flush), a transaction per
       * batch; in the swap (`tx`) with `apply`, which works on tables in any state. Every event up to
       * a checkpoint the live projector reached is readable (it read them), so a read that comes back
       * empty before `until` is an error, never an end. The next page is read while a batch is applied.
       */
      const replayUntil = async (until: GlobalCheckpoint, tx?: Tx): Promise<number> => {
        let applied = 0;
        let next = isBefore(checkpoint, until) ? readPage(checkpoint, until) : undefined;
        while (next) {
          const page = await next;
          if (!page.last) throw new RebuildShortReadError(projection.name, checkpoint, until);
          checkpoint = page.last;
          next = isBefore(checkpoint, until) ? readPage(checkpoint, until) : undefined;
          applied += page.covered;
          advance(page.covered, page.last.globalPosition);
          if (tx) {
            await projection.apply(tx, page.events, shadow);
            continue;
          }
          await withTransaction(dataSource, async (batchTx) => {
            await batchTx.query(SHADOW_WRITES);
            if (replay) await replay.apply(batchTx, page.events);
            else await projection.apply(batchTx, page.events, shadow);
            await checkpoints.save(rebuildSubscriber(projection.name), checkpoint, batchTx);
            await saveStatus(batchTx, progress, 'rebuilding');
          });
          await onProgress({ ...progress });
        }
        return applied;
      };

      // Everything the live projection had applied when the rebuild started, then passes after its
      // checkpoint as it moves on, until one pass has little left (the swap replays the rest while
      // the live projector waits). Each pass has a fixed target, so a busy store cannot keep one going.
      await replayUntil(target);
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        target = await liveCheckpoint();
        if ((await replayUntil(target)) <= batchSize) break;
      }
      // What the replay still holds goes in now, so the shadow tables stand exactly at `checkpoint`
      // and the swap's short replay can apply batches as the live projector does.
      if (replay) {
        await withTransaction(dataSource, async (tx) => {
          await tx.query(SHADOW_WRITES);
          await replay.flush(tx);
        });
      }

      progress.phase = 'swapping';
      await saveStatus(dataSource, progress, 'swapping');
      await onProgress({ ...progress });

      const rows: Record<string, number> = {};
      let handedOver: GlobalCheckpoint = checkpoint;
      await swapWhenLocked(dataSource, keys.writer, projection.tables.map((t) => live[t]), options.swapLockTimeoutMs ?? 200, async (tx) => {
        // The live projector is paused (writer lock) and readers wait (table locks) from here, so the
        // live checkpoint stands still: the shadow replays exactly up to it. (It can only be ahead
        // when the live checkpoint was moved back by hand; then the shadow's own checkpoint goes over.)
        const standing = await liveCheckpoint(tx);
        const before = { checkpoint, eventsDone: progress.eventsDone };
        try {
          await replayUntil(standing, tx);
          handedOver = isBefore(checkpoint, standing) ? standing : checkpoint;
          for (const table of projection.tables) {
            const [{ n }] = (await tx.query(`SELECT count(*)::bigint AS n FROM ${shadow[table]}`)) as { n: string }[];
            rows[table] = Number(n);
          }
          for (const table of projection.tables) {
            await tx.query(`ALTER TABLE ${live[table]} RENAME TO ${table}${RETIRED_SUFFIX}`);
            await tx.query(`ALTER TABLE ${shadow[table]} RENAME TO ${table}`);
            await tx.query(`DROP TABLE ${QUERY_SCHEMA}.${table}${RETIRED_SUFFIX}`);
          }
          await renameShadowIndexes(tx, projection.tables);
          await checkpoints.save(liveSubscriber(projection.name), handedOver, tx);
          await tx.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [rebuildSubscriber(projection.name)]);
        } catch (err) {
          // What this attempt replayed rolls back with its transaction; a retry starts from before it.
          checkpoint = before.checkpoint;
          progress.eventsDone = before.eventsDone;
          throw err;
        }
        progress.phase = 'done';
        progress.etaSeconds = 0;
        await saveStatus(tx, progress, 'live');
      });
      await onProgress({ ...progress });
      return {
        projection: projection.name,
        eventsApplied: progress.eventsDone,
        checkpoint: handedOver,
        position: handedOver.globalPosition,
        rows,
        seconds: (Date.now() - started) / 1000,
      };
    } catch (err) {
      await failed(dataSource, projection, shadow, err as Error);
      throw err;
    }
  } finally {
    await guard.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await guard.release().catch(() => undefined);
  }
}

/**
 * Runs the swap in a transaction that first takes the projection's writer lock and then LOCKs the
 * live tables, giving up after a short wait and trying again in a fresh transaction:
 * - a reader that already holds one table and waits for another must never be chosen as a deadlock
 *   victim; the swap yields instead;
 * - the wait happens before the transaction has written anything (an ACCESS EXCLUSIVE lock takes a
 *   transaction id only once granted), so waiting never holds back the store's gap-safe readers,
 *   which cannot read past the oldest transaction that has written, server-wide.
 */
async function swapWhenLocked(
  dataSource: DataSource,
  writerLock: string | number,
  tables: string[],
  timeoutMs: number,
  swap: (tx: Tx) => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(dataSource, async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [writerLock]);
        await tx.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(timeoutMs))}ms'`);
        await tx.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        await tx.query(`SET LOCAL lock_timeout = 0`);
        await swap(tx);
      });
      return;
    } catch (err) {
      const code = (err as { code?: string; driverError?: { code?: string } }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;
      if (code !== '55P03' || attempt >= 200) throw err; // 55P03: lock_not_available
      await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 40)));
    }
  }
}

/** LIKE ... INCLUDING ALL named the shadow's indexes after the shadow table: give them the live names. */
async function renameShadowIndexes(tx: Tx, tables: readonly string[]): Promise<void> {
  const rows = (await tx.query(
    `SELECT i.relname AS name
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) AND strpos(i.relname, $3) > 0`,
    [QUERY_SCHEMA, tables, SHADOW_SUFFIX],
  )) as { name: string }[];
  for (const { name } of rows) {
    await tx.query(`ALTER INDEX ${QUERY_SCHEMA}."${name}" RENAME TO "${name.split(SHADOW_SUFFIX).join('')}"`);
  }
}

async function saveStatus(
  db: Pick<Tx, 'query'> | DataSource,
  progress: RebuildProgress,
  state: 'rebuilding' | 'swapping' | 'live',
  starting = false,
): Promise<void> {
  await db.query(
    `INSERT INTO ${QUERY_SCHEMA}.projection_status AS s (projection, state, started_at, updated_at, finished_at,
        total_events, events_done, rate_per_second, eta_seconds, error)
     VALUES ($1, $2, now(), now(), CASE WHEN $2 = 'live' THEN now() END, $3, $4, $5, $6, NULL)
     ON CONFLICT (projection) DO UPDATE SET
       state = EXCLUDED.state,
       started_at = CASE WHEN $7 THEN now() ELSE s.started_at END,
       updated_at = now(),
       finished_at = EXCLUDED.finished_at,
       total_events = EXCLUDED.total_events, events_done = EXCLUDED.events_done,
       rate_per_second = EXCLUDED.rate_per_second, eta_seconds = EXCLUDED.eta_seconds, error = NULL`,
    [progress.projection, state, progress.totalEvents, progress.eventsDone, progress.ratePerSecond, progress.etaSeconds, starting],
  );
}

async function failed(dataSource: DataSource, projection: Projection, shadow: Record<string, string>, err: Error): Promise<void> {
  await withTransaction(dataSource, async (tx) => {
    for (const table of projection.tables) await tx.query(`DROP TABLE IF EXISTS ${shadow[table]}`);
    await tx.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [rebuildSubscriber(projection.name)]);
    await tx.query(
      `UPDATE ${QUERY_SCHEMA}.projection_status SET state = 'failed', updated_at = now(), finished_at = now(), error = $2
        WHERE projection = $1`,
      [projection.name, err.message],
    );
  }).catch(() => undefined);
}
