import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, GlobalCheckpoint, START_OF_STREAM, Tx, withTransaction } from '@orderflow/event-store';
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
  /** Events in the store when the rebuild started (more may arrive meanwhile). */
  totalEvents: number;
  ratePerSecond: number;
  etaSeconds: number;
  /** Global position of the last event replayed. */
  position: number;
}

export interface RebuildResult {
  projection: ProjectionName;
  eventsApplied: number;
  position: number;
  seconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  store?: EventStore;
  /** How long one attempt to lock the live tables for the swap may wait before it lets readers pass and retries. */
  swapLockTimeoutMs?: number;
}

/** The last event readable gap-safely now, in (transaction id, position) order. */
async function lastVisible(dataSource: DataSource): Promise<GlobalCheckpoint> {
  const [row] = (await dataSource.query(
    `SELECT transaction_id::text AS transaction_id, global_position FROM events
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  )) as { transaction_id: string; global_position: string }[];
  return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : START_OF_STREAM;
}

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

/**
 * Rebuilds one projection (or all, one after another) from position 0 into shadow tables while the
 * live ones keep serving, then swaps them in one transaction:
 *  1. `<table>__rebuild` tables are created LIKE the live ones and replayed into, batch by batch,
 *     with their own checkpoint; progress goes to query.projection_status and to `onProgress`.
 *  2. The swap transaction takes the projection's writer lock (the live projector pauses at its next
 *     batch), catches the shadow tables up, LOCKs the live tables, renames live -> __old and
 *     shadow -> live, moves the rebuild checkpoint to the live subscriber and drops __old.
 * Readers wait for the instant of the swap and then read the new tables (PostgreSQL looks a name up
 * again after waiting on a lock); none sees an empty or missing table.
 */
export async function rebuildProjection(
  dataSource: DataSource,
  name: ProjectionName | 'all',
  onProgress: (progress: RebuildProgress) => void = () => undefined,
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
  onProgress: (progress: RebuildProgress) => void,
  options: RebuildOptions,
): Promise<RebuildResult> {
  const store = options.store ?? new EventStore(dataSource);
  const batchSize = options.batchSize ?? 500;
  const checkpoints = new CheckpointStore(dataSource);
  const live = tablesOf(projection);
  const shadow = tablesOf(projection, SHADOW_SUFFIX);
  const keys = lockKeys(projection.name);
  const started = Date.now();

  const guard = dataSource.createQueryRunner();
  await guard.connect();
  try {
    const [lock] = (await guard.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [keys.rebuild])) as {
      locked: boolean;
    }[];
    if (!lock.locked) throw new RebuildInProgressError(projection.name);

    const [{ total }] = (await dataSource.query(
      `SELECT count(*)::bigint AS total FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
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
      onProgress({ ...progress });

      let checkpoint: GlobalCheckpoint = START_OF_STREAM;
      /** Replays batch after batch until the checkpoint reaches `target`; in `tx` (the swap), or a transaction per batch. */
      const replayUntil = async (target: GlobalCheckpoint, tx?: Tx): Promise<number> => {
        let applied = 0;
        while (isBefore(checkpoint, target)) {
          const events = await store.readAll({ after: checkpoint, limit: batchSize });
          if (events.length === 0) break;
          const last = events[events.length - 1];
          checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
          applied += events.length;
          advance(events.length, last.globalPosition);
          if (tx) {
            await projection.apply(tx, events, shadow);
            continue;
          }
          await withTransaction(dataSource, async (batchTx) => {
            await projection.apply(batchTx, events, shadow);
            await checkpoints.save(rebuildSubscriber(projection.name), checkpoint, batchTx);
            await saveStatus(batchTx, progress, 'rebuilding');
          });
          onProgress({ ...progress });
        }
        return applied;
      };

      // Everything stored when the rebuild started, then short passes towards the moving head, so the
      // swap has little left to catch up while it pauses the live projector. Each pass has a fixed
      // target: under a steady stream of writes a pass still ends.
      await replayUntil(await lastVisible(dataSource));
      for (let pass = 0; pass < 5; pass++) {
        if ((await replayUntil(await lastVisible(dataSource))) < batchSize) break;
      }

      progress.phase = 'swapping';
      await saveStatus(dataSource, progress, 'swapping');
      onProgress({ ...progress });

      await swapWhenLocked(dataSource, keys.writer, projection.tables.map((t) => live[t]), options.swapLockTimeoutMs ?? 200, async (tx) => {
        // The live projector is paused (writer lock) and readers wait (table locks) from here; what
        // arrives after this target the live projector applies itself, from the checkpoint handed over.
        await replayUntil(await lastVisible(dataSource), tx);
        for (const table of projection.tables) {
          await tx.query(`ALTER TABLE ${live[table]} RENAME TO ${table}${RETIRED_SUFFIX}`);
          await tx.query(`ALTER TABLE ${shadow[table]} RENAME TO ${table}`);
          await tx.query(`DROP TABLE ${QUERY_SCHEMA}.${table}${RETIRED_SUFFIX}`);
        }
        await renameShadowIndexes(tx, projection.tables);
        await checkpoints.save(liveSubscriber(projection.name), checkpoint, tx);
        await tx.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [rebuildSubscriber(projection.name)]);
        progress.phase = 'done';
        progress.etaSeconds = 0;
        await saveStatus(tx, progress, 'live');
      });
      onProgress({ ...progress });
      return {
        projection: projection.name,
        eventsApplied: progress.eventsDone,
        position: progress.position,
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
