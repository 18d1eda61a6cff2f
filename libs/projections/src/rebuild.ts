import { DataSource } from 'typeorm';
import { CheckpointStore, countEvents, EventStore, GlobalCheckpoint, START_OF_STREAM, Tx, withTransaction } from '@orderflow/event-store';
import {
  liveSubscriber,
  lockKeys,
  Projection,
  ProjectionName,
  ProjectionReplay,
  QUERY_SCHEMA,
  rebuildSubscriber,
  RETIRED_SUFFIX,
  SHADOW_SUFFIX,
  Tables,
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
/**
 * Shadow tables are made as the owner of the query schema (the query service's role, ADR 23),
 * whoever runs the rebuild (the service, or an operator's CLI as a member of that role), so the
 * service can still rename and drop them after the swap.
 */
const AS_SCHEMA_OWNER = `SELECT set_config('role', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '${QUERY_SCHEMA}'), true)`;

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

/** One projection's part of a rebuild: its shadow tables, where they stand, where they are going. */
interface Part {
  projection: Projection;
  live: Tables<string>;
  shadow: Tables<string>;
  progress: RebuildProgress;
  /** The last event replayed into the shadow tables. */
  checkpoint: GlobalCheckpoint;
  /** Where the replay going on takes them. */
  target: GlobalCheckpoint;
  replay?: ProjectionReplay;
  /** The types it folds; undefined: all. */
  wanted?: ReadonlySet<string>;
  /** Indexes taken off the shadow tables for the replay, built before the swap. */
  deferred: DeferredIndex[];
  swapped: boolean;
}

const sameCheckpoint = (a: GlobalCheckpoint, b: GlobalCheckpoint) => a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;

/**
 * Rebuilds one projection (or all of them, in one pass over the store) from position 0 into shadow
 * tables while the live ones keep serving, then swaps each in, one after another, in a transaction
 * of its own. The rebuild replays exactly the events the live projection has applied, no fewer and
 * no more, so the swap changes nothing a reader sees:
 *  1. `<table>__rebuild` tables are created LIKE the live ones and replayed into, batch after batch
 *     (however many it takes), with their own checkpoint, up to the live projection's checkpoint;
 *     then short passes follow the live checkpoint as it moves. The projections rebuilt together
 *     share every page read while they stand at the same checkpoint (ADR 17). Progress goes to
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
  const projections = name === 'all' ? PROJECTION_NAMES.map(projectionNamed) : [projectionNamed(name)];
  const store = options.store ?? new EventStore(dataSource);
  const batchSize = options.batchSize ?? DEFAULT_REBUILD_BATCH_SIZE;
  const checkpoints = new CheckpointStore(dataSource);
  const liveCheckpoint = (part: Part, tx?: Tx) => checkpoints.load(liveSubscriber(part.projection.name), tx);
  const started = Date.now();

  const advance = (part: Part, applied: number, position: number) => {
    const progress = part.progress;
    progress.eventsDone += applied;
    progress.position = position || progress.position;
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    progress.ratePerSecond = progress.eventsDone / seconds;
    const left = Math.max(0, progress.totalEvents - progress.eventsDone);
    progress.etaSeconds = progress.ratePerSecond > 0 ? left / progress.ratePerSecond : 0;
  };

  /**
   * Replays until every part stands exactly at its target. Each page is read after the lowest
   * checkpoint of the parts still behind and serves all parts standing there; it ends at the
   * nearest of their targets and of the checkpoints of the parts ahead, so parts that meet go on
   * together. Before the swap a part replays through its projection's replay (which may hold
   * documents back until its flush), a transaction per page; in the swap (`tx`) through `apply`,
   * which works on tables in any state. Every event up to a checkpoint the live projector reached is
   * readable (it read them), so a read that comes back empty before its end is an error, never an
   * end. The next page is read while one is applied. Returns the events each part replayed.
   */
  const replayUntilTargets = async (parts: Part[], tx?: Tx): Promise<Map<Part, number>> => {
    const applied = new Map(parts.map((p) => [p, 0]));
    const nextRead = () => {
      const behind = parts.filter((p) => isBefore(p.checkpoint, p.target));
      if (behind.length === 0) return undefined;
      const from = behind.reduce((low, p) => (isBefore(p.checkpoint, low) ? p.checkpoint : low), behind[0].checkpoint);
      const group = behind.filter((p) => sameCheckpoint(p.checkpoint, from));
      let until = group.reduce((near, p) => (isBefore(p.target, near) ? p.target : near), group[0].target);
      for (const p of behind) if (!group.includes(p) && isBefore(p.checkpoint, until)) until = p.checkpoint;
      const types = group.every((p) => p.wanted) ? [...new Set(group.flatMap((p) => [...p.wanted!]))] : undefined;
      const page = store.readReplayPage({ after: from, until, limit: batchSize, types });
      page.catch(() => undefined); // awaited in turn; a page read ahead of a batch that fails must not go unhandled
      return { group, from, until, page };
    };
    let next = nextRead();
    while (next) {
      const { group, from, until } = next;
      const page = await next.page;
      if (!page.last) throw new RebuildShortReadError(group[0].projection.name, from, until);
      for (const part of group) {
        part.checkpoint = page.last;
        applied.set(part, applied.get(part)! + page.covered);
        advance(part, page.covered, page.last.globalPosition);
      }
      next = nextRead();
      const eventsOf = (part: Part) => (part.wanted ? page.events.filter((e) => part.wanted!.has(e.type)) : page.events);
      if (tx) {
        for (const part of group) await part.projection.apply(tx, eventsOf(part), part.shadow);
        continue;
      }
      await withTransaction(dataSource, async (batchTx) => {
        await batchTx.query(SHADOW_WRITES);
        for (const part of group) {
          if (part.replay) await part.replay.apply(batchTx, eventsOf(part));
          else await part.projection.apply(batchTx, eventsOf(part), part.shadow);
          await checkpoints.save(rebuildSubscriber(part.projection.name), part.checkpoint, batchTx);
          await saveStatus(batchTx, part.progress, 'rebuilding');
        }
      });
      for (const part of group) await onProgress({ ...part.progress });
    }
    return applied;
  };

  const swapIn = async (part: Part): Promise<RebuildResult> => {
    const { projection, live, shadow, progress } = part;
    progress.phase = 'swapping';
    await saveStatus(dataSource, progress, 'swapping');
    await onProgress({ ...progress });

    const rows: Record<string, number> = {};
    let handedOver: GlobalCheckpoint = part.checkpoint;
    await swapWhenLocked(dataSource, lockKeys(projection.name).writer, projection.tables.map((t) => live[t]), options.swapLockTimeoutMs ?? 200, async (tx) => {
      // The live projector is paused (writer lock) and readers wait (table locks) from here, so the
      // live checkpoint stands still: the shadow replays exactly up to it. (It can only be ahead
      // when the live checkpoint was moved back by hand; then the shadow's own checkpoint goes over.)
      await tx.query(`SELECT set_config('jit', 'off', true)`);
      const standing = await liveCheckpoint(part, tx);
      const before = { checkpoint: part.checkpoint, eventsDone: progress.eventsDone };
      try {
        part.target = standing;
        await replayUntilTargets([part], tx);
        handedOver = isBefore(part.checkpoint, standing) ? standing : part.checkpoint;
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
        part.checkpoint = before.checkpoint;
        progress.eventsDone = before.eventsDone;
        throw err;
      }
      progress.phase = 'done';
      progress.etaSeconds = 0;
      await saveStatus(tx, progress, 'live');
    });
    part.swapped = true;
    await onProgress({ ...progress });
    return {
      projection: projection.name,
      eventsApplied: progress.eventsDone,
      checkpoint: handedOver,
      position: handedOver.globalPosition,
      rows,
      seconds: (Date.now() - started) / 1000,
    };
  };

  const guard = dataSource.createQueryRunner();
  await guard.connect();
  const parts: Part[] = [];
  try {
    for (const projection of projections) {
      const [lock] = (await guard.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [lockKeys(projection.name).rebuild])) as {
        locked: boolean;
      }[];
      if (!lock.locked) throw new RebuildInProgressError(projection.name);
    }
    try {
      for (const projection of projections) {
        const part: Part = {
          projection,
          live: tablesOf(projection),
          shadow: tablesOf(projection, SHADOW_SUFFIX),
          progress: { projection: projection.name, phase: 'rebuilding', eventsDone: 0, totalEvents: 0, ratePerSecond: 0, etaSeconds: 0, position: 0 },
          checkpoint: START_OF_STREAM,
          target: START_OF_STREAM,
          wanted: projection.eventTypes ? new Set(projection.eventTypes) : undefined,
          deferred: [],
          swapped: false,
        };
        parts.push(part);
        part.target = await liveCheckpoint(part);
        part.progress.totalEvents = await countEvents(dataSource, part.target);
        await withTransaction(dataSource, async (tx) => {
          await tx.query(AS_SCHEMA_OWNER);
          for (const table of projection.tables) {
            await tx.query(`DROP TABLE IF EXISTS ${part.shadow[table]}`);
            await tx.query(`CREATE TABLE ${part.shadow[table]} (LIKE ${part.live[table]} INCLUDING ALL)`);
          }
          part.deferred = await dropIndexesForReplay(tx, projection);
          await tx.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [rebuildSubscriber(projection.name)]);
          await saveStatus(tx, part.progress, 'rebuilding', true);
        });
        part.replay = projection.replay?.(part.shadow, { heldDocuments: options.heldDocuments ?? DEFAULT_HELD_DOCUMENTS });
        await onProgress({ ...part.progress });
      }

      // Everything the live projections had applied when the rebuild started, then passes after
      // their checkpoints as they move on, until a pass has little left for each (the swap replays
      // the rest while the live projector waits). Each pass has fixed targets, so a busy store cannot
      // keep one going.
      await replayUntilTargets(parts);
      let following = parts;
      for (let pass = 0; pass < MAX_PASSES && following.length > 0; pass++) {
        for (const part of following) part.target = await liveCheckpoint(part);
        const applied = await replayUntilTargets(following);
        following = following.filter((part) => applied.get(part)! > batchSize);
      }
      // What a replay still holds goes in now, so the shadow tables stand exactly at their
      // checkpoint and the swap's short replay can apply batches as the live projector does.
      for (const part of parts) {
        await withTransaction(dataSource, async (tx) => {
          await tx.query(SHADOW_WRITES);
          await part.replay?.flush(tx);
          for (const index of part.deferred) await tx.query(index.create);
        });
      }

      const results: RebuildResult[] = [];
      for (const part of parts) results.push(await swapIn(part));
      return results;
    } catch (err) {
      for (const part of parts) if (!part.swapped) await failed(dataSource, part.projection, part.shadow, err as Error);
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

/** An index of a shadow table, and the statement that makes it again. */
interface DeferredIndex {
  name: string;
  create: string;
}

/**
 * Drops the indexes the projection's replay does without from its freshly created (empty) shadow
 * tables, and says how to make each again exactly as LIKE ... INCLUDING ALL made it: the same
 * definition and the same (shadow) name, which the swap renames.
 */
async function dropIndexesForReplay(tx: Tx, projection: Projection): Promise<DeferredIndex[]> {
  const names = projection.indexesBuiltAfterReplay ?? [];
  if (names.length === 0) return [];
  const rows = (await tx.query(
    `SELECT i.relname AS name, t.relname AS "table", c.conname AS "constraint",
            pg_get_indexdef(i.oid) AS index_def, pg_get_constraintdef(c.oid) AS constraint_def
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid
      WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) AND replace(i.relname, $3, '') = ANY($4::text[])`,
    [QUERY_SCHEMA, projection.tables.map((t) => `${t}${SHADOW_SUFFIX}`), SHADOW_SUFFIX, names],
  )) as { name: string; table: string; constraint: string | null; index_def: string; constraint_def: string | null }[];
  if (rows.length !== names.length) {
    const found = new Set(rows.map((r) => r.name.split(SHADOW_SUFFIX).join('')));
    throw new Error(`rebuild of ${projection.name}: no index ${names.filter((n) => !found.has(n)).join(', ')} to build after the replay`);
  }
  const deferred: DeferredIndex[] = [];
  for (const r of rows) {
    const table = `${QUERY_SCHEMA}."${r.table}"`;
    if (r.constraint) {
      await tx.query(`ALTER TABLE ${table} DROP CONSTRAINT "${r.constraint}"`);
      deferred.push({ name: r.name, create: `ALTER TABLE ${table} ADD CONSTRAINT "${r.constraint}" ${r.constraint_def}` });
    } else {
      await tx.query(`DROP INDEX ${QUERY_SCHEMA}."${r.name}"`);
      deferred.push({ name: r.name, create: r.index_def });
    }
  }
  return deferred;
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
