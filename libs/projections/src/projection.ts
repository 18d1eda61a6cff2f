import { advisoryLockKey, Queryable, ReplayedEvent, Tx } from '@orderflow/event-store';

/** Projection tables live in their own schema, owned by the application role (see the migration). */
export const QUERY_SCHEMA = 'query';

export type ProjectionName = 'orders' | 'inventory' | 'payments' | 'reports';

/** Qualified table names a projection writes to: the live ones, or a rebuild's shadow copies. */
export type Tables<Table extends string> = Record<Table, string>;

/**
 * A read model fed by the global stream. It sees every event in (transaction id, position) order
 * and ignores what does not concern it, so its checkpoint moves with the whole store.
 */
export interface Projection<Table extends string = string> {
  readonly name: ProjectionName;
  /** Its tables, in the order a swap locks them (readers mostly start from the first). */
  readonly tables: readonly Table[];
  /** Creates the live tables; a rebuild copies them with LIKE ... INCLUDING ALL. */
  createTables(db: Queryable): Promise<void>;
  /**
   * The event types it folds, when it folds only some: a rebuild reads the others' position and
   * type but not their data. Undefined: every event may concern it.
   */
  readonly eventTypes?: readonly string[];
  /** Applies one batch, set-based, inside the caller's transaction, to tables in any state. */
  apply(tx: Tx, events: readonly ProjectedEvent[], tables: Tables<Table>): Promise<void>;
  /**
   * A rebuild's replay into its empty shadow tables, batch after batch in store order from position
   * 0 (ADR 17). It may hold what it folded in memory across batches and write it later; after
   * `flush` the tables hold exactly what `apply` would have made of the same events. Without one, a
   * rebuild applies its batches with `apply`.
   */
  replay?(tables: Tables<Table>, options: ReplayOptions): ProjectionReplay;
  /**
   * Indexes of its tables (live names) that nothing reads or relies on (no ON CONFLICT arbiter)
   * while a rebuild replays: the rebuild builds them on the shadow tables once they are filled,
   * before the swap, instead of maintaining them row by row.
   */
  readonly indexesBuiltAfterReplay?: readonly string[];
}

/** What a projection reads of a stored event: a live batch hands it whole stored events, a rebuild leaner ones. */
export type ProjectedEvent = ReplayedEvent;

export interface ReplayOptions {
  /** How many documents (orders, say) a replay may hold in memory between batches. */
  heldDocuments: number;
}

export interface ProjectionReplay {
  /** Folds the next batch; writes, in the caller's transaction, what it does not keep. */
  apply(tx: Tx, events: readonly ProjectedEvent[]): Promise<void>;
  /** Writes everything it holds. */
  flush(tx: Tx): Promise<void>;
}

export const SHADOW_SUFFIX = '__rebuild';
export const RETIRED_SUFFIX = '__old';

export function tablesOf<Table extends string>(projection: Projection<Table>, suffix = ''): Tables<Table> {
  return Object.fromEntries(projection.tables.map((t) => [t, `${QUERY_SCHEMA}.${t}${suffix}`])) as Tables<Table>;
}

/** Checkpoint subscriber of the live projection. */
export const liveSubscriber = (name: ProjectionName) => `projection:${name}`;
/** Checkpoint subscriber of a rebuild in progress. */
export const rebuildSubscriber = (name: ProjectionName) => `projection:${name}:rebuild`;

/**
 * Advisory lock keys. `writer` is taken per transaction by every batch that writes the live tables
 * and by the swap, so a swap pauses the live projector; `leader` is held for as long as a replica is
 * the active projector; `rebuild` keeps two rebuilds of one projection apart.
 */
export const lockKeys = (name: ProjectionName) => ({
  writer: advisoryLockKey(`projection:${name}`),
  leader: advisoryLockKey(`projector:${name}`),
  rebuild: advisoryLockKey(`rebuild:${name}`),
});

