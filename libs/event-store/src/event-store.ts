import { DataSource } from 'typeorm';
import { recordAppend } from '@orderflow/observability';
import { ConcurrencyError, EventIdReuseError, ExpectedVersion, isConcurrencyError, isUniqueViolation } from './errors';
import { SnapshotStore } from './snapshots';
import { appendStreams, GroupCommit, StreamAppend, StreamCheck, StreamOutcome } from './append';
import { AppendNotifications } from './append-notifications';
import { eventColumns, EventRow, toStoredEvent } from './event-row';
import { Tx, withTransaction } from './transaction';
import { ChainReport, verifyStore, VerifyOptions } from './verification';
import {
  AppendResult,
  GlobalCheckpoint,
  NewEvent,
  START_OF_STREAM,
  StoredEvent,
} from './types';

export type Clock = () => Date;

/** Anything that runs SQL: the DataSource (own connection) or a transaction. */
export type Queryable = Pick<DataSource, 'query'> | Tx;

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Run inside the caller's transaction (inbox mark, local views) instead of a new one. */
  tx?: Tx;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  /** Only events recorded at or before this instant: the stream as it was then. */
  toRecordedAt?: Date;
}

export interface ReadAllOptions {
  /** Resume after this checkpoint; a bare number is a global position whose checkpoint is looked up. */
  after?: GlobalCheckpoint | number;
  limit?: number;
  /** Only these stream categories (e.g. ['order']). */
  categories?: readonly string[];
}

/**
 * A page of a replay: the global stream read between two checkpoints, the `until` one known to be
 * readable (a subscriber reached it, so every transaction up to it has ended).
 */
export interface ReplayPageOptions {
  after: GlobalCheckpoint;
  until: GlobalCheckpoint;
  /** Events of the store per page, of any type. */
  limit: number;
  /** Only these types are returned whole; the others are passed over (counted, not sent). */
  types?: readonly string[];
}

/** An event as a projection folds it: no stream coordinates, metadata or hashes. */
export type ReplayedEvent = Pick<StoredEvent, 'globalPosition' | 'transactionId' | 'eventId' | 'type' | 'schemaVersion' | 'data' | 'recordedAt'>;

export interface ReplayPage {
  /** The page's events of the types asked for (all of them when no types were given), in order. */
  events: ReplayedEvent[];
  /** How many events of the store the page covered, of any type. */
  covered: number;
  /** The checkpoint of the page's last event of any type; undefined when the page is empty. */
  last?: GlobalCheckpoint;
}

const COLUMNS = eventColumns();

/**
 * The append-only PostgreSQL event store. Hot paths are plain parameterised SQL on TypeORM's
 * query runners: one INSERT per append, whatever the number of events.
 */
export class EventStore {
  private readonly groupCommit: GroupCommit;
  private appendNotifications?: AppendNotifications;

  /** Decisions' snapshots, under this process's snapshot key (ADR 23). */
  readonly snapshots: SnapshotStore;

  constructor(
    readonly dataSource: DataSource,
    private readonly clock: Clock = () => new Date(),
    snapshotKey?: Buffer,
  ) {
    this.snapshots = new SnapshotStore(snapshotKey);
    this.groupCommit = new GroupCommit(dataSource, () => this.clock(), (append) => this.appendAlone(append));
  }

  /** This process's listener of the store's append notifications, shared by its subscriptions. */
  notifications(): AppendNotifications {
    this.appendNotifications ??= AppendNotifications.forDataSource(this.dataSource);
    return this.appendNotifications;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work);
  }

  /**
   * Appends events to one stream in one round trip: the expected-version check, idempotency by
   * event id and the hash chain all happen in the store's `append_events` function. In the
   * caller's transaction when `tx` is given; otherwise in a statement of its own, grouped with
   * appends that arrive at the same time (group commit).
   */
  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const append = { streamId, events, expectedVersion: options.expectedVersion };
    if (options.tx) return this.appendIn(options.tx, [append]).then(([r]) => r);
    return measured(() => this.groupCommit.submit(append));
  }

  /**
   * Appends to several streams in one statement of the caller's transaction (a unit of work that
   * decided events for many streams). Any stream's conflict throws ConcurrencyError: the caller
   * retries the whole unit of work. `unchanged` are streams it decided on without appending to:
   * checked in the same statement, and one that moved is a conflict too.
   */
  appendIn(tx: Tx, appends: readonly StreamAppend[], unchanged: readonly StreamCheck[] = []): Promise<AppendResult[]> {
    return measured(() => this.appendInTx(tx, appends, unchanged));
  }

  private async appendInTx(tx: Tx, appends: readonly StreamAppend[], unchanged: readonly StreamCheck[]): Promise<AppendResult[]> {
    let outcomes: StreamOutcome[];
    try {
      outcomes = await appendStreams(tx, appends, this.clock(), unchanged);
    } catch (err) {
      throw storeError(err, appends);
    }
    return outcomes.map((o) => {
      if (o.error) throw o.error;
      return o.result;
    });
  }

  /** One append in a statement of its own; a concurrent append of the very same events is a repeat. */
  private async appendAlone(append: StreamAppend): Promise<AppendResult> {
    try {
      const [outcome] = await appendStreams(this.dataSource, [append], this.clock());
      if (outcome.error) throw outcome.error;
      return outcome.result;
    } catch (err) {
      if (isUniqueViolation(err)) {
        const repeat = await this.findRepeat(this.dataSource, append.events);
        if (repeat) return repeat;
      }
      throw storeError(err, [append]);
    }
  }

  /** The append is a repeat when every event id is already stored; a partial overlap is a caller bug. */
  private async findRepeat(db: Queryable, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.eventId);
    const found = (await db.query(`SELECT event_id, stream_version FROM events WHERE event_id = ANY($1::uuid[])`, [
      ids,
    ])) as { event_id: string; stream_version: number }[];
    if (found.length === 0) return undefined;
    if (found.length < ids.length) throw new EventIdReuseError(found.map((f) => f.event_id));
    return { nextExpectedVersion: Math.max(...found.map((f) => f.stream_version)), positions: [], duplicate: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}, tx?: Tx): Promise<StoredEvent[]> {
    const params: unknown[] = [streamId, options.fromVersion ?? 1];
    let sql = `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2`;
    if (options.toRecordedAt) {
      params.push(options.toRecordedAt);
      sql += ` AND recorded_at <= $3`;
    }
    sql += ` ORDER BY stream_version`;
    const rows = (await (tx ?? this.dataSource).query(sql, params)) as EventRow[];
    return rows.map(toStoredEvent);
  }

  /**
   * Reads the global stream gap-safely: only events of transactions older than the oldest one
   * still in flight, in (transaction id, position) order. A position allocated by a transaction
   * that commits later can never appear behind a checkpoint already handed out.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = await this.resolveCheckpoint(options.after);
    const params: unknown[] = [after.transactionId, after.globalPosition, options.limit ?? 500];
    let filter = '';
    if (options.categories?.length) {
      params.push(options.categories);
      filter = `AND stream_category = ANY($4::text[])`;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ${filter}
        ORDER BY events.transaction_id, events.global_position -- qualified: bare, they would name the text output column
        LIMIT $3`,
      params,
    )) as EventRow[];
    return rows.map(toStoredEvent);
  }

  /**
   * One page of a replay (a projection rebuild): events after `after` up to and including `until`,
   * in (transaction id, position) order, with only what a projection folds. Events of types not in
   * `types` come back as position and type only, so the page still covers every event and a
   * caller can tell a page cut short from a stretch of the store it does not care about.
   */
  async readReplayPage(options: ReplayPageOptions): Promise<ReplayPage> {
    const wanted = options.types ? `e.event_type = ANY($6::text[])` : 'true';
    const rows = (await this.dataSource.query(
      `SELECT e.global_position, e.transaction_id::text AS transaction_id, e.event_type, ${wanted} AS wanted,
              CASE WHEN ${wanted} THEN e.event_id END AS event_id,
              CASE WHEN ${wanted} THEN e.schema_version END AS schema_version,
              CASE WHEN ${wanted} THEN e.data END AS data,
              CASE WHEN ${wanted} THEN e.recorded_at END AS recorded_at
         FROM events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
          AND (e.transaction_id, e.global_position) <= ($3::xid8, $4::bigint)
          AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.transaction_id, e.global_position
        LIMIT $5`,
      [
        options.after.transactionId,
        options.after.globalPosition,
        options.until.transactionId,
        options.until.globalPosition,
        options.limit,
        ...(options.types ? [options.types] : []),
      ],
    )) as (Pick<EventRow, 'global_position' | 'transaction_id' | 'event_type' | 'event_id' | 'schema_version' | 'data' | 'recorded_at'> & {
      wanted: boolean;
    })[];
    const events: ReplayedEvent[] = [];
    for (const row of rows) {
      if (!row.wanted) continue;
      events.push({
        globalPosition: Number(row.global_position),
        transactionId: row.transaction_id,
        eventId: row.event_id,
        type: row.event_type,
        schemaVersion: row.schema_version,
        data: row.data,
        recordedAt: row.recorded_at,
      });
    }
    const end = rows[rows.length - 1];
    return {
      events,
      covered: rows.length,
      last: end ? { transactionId: end.transaction_id, globalPosition: Number(end.global_position) } : undefined,
    };
  }

  /** The checkpoint just after a given global position (0 = the start). */
  async resolveCheckpoint(after: GlobalCheckpoint | number | undefined): Promise<GlobalCheckpoint> {
    if (after === undefined || after === 0) return START_OF_STREAM;
    if (typeof after !== 'number') return after;
    const [row] = (await this.dataSource.query(
      `SELECT transaction_id::text AS transaction_id FROM events WHERE global_position = $1`,
      [after],
    )) as { transaction_id: string }[];
    if (!row) throw new Error(`no event at global position ${after}`);
    return { transactionId: row.transaction_id, globalPosition: after };
  }

  /** The last position of the global stream that is safe to read now. */
  async headPosition(): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(max(global_position), 0) AS head FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    )) as { head: string }[];
    return Number(row.head);
  }

  /**
   * Recomputes every hash of one stream, or of all streams, and reports every event whose stored
   * hash, previous hash or version does not follow from what came before. Given the seals' key, it
   * also compares every sealed head with its stream and checks the chain of seals (docs/adr/0019).
   */
  verifyChain(streamId?: string, options: Omit<VerifyOptions, 'streamId'> = {}): Promise<ChainReport> {
    return verifyStore(this.dataSource, { ...options, streamId });
  }
}

/** Records an append's time as its caller waits for it, and whether it lost a race (docs/adr/0026). */
async function measured<T>(append: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await append();
    recordAppend(started, false);
    return result;
  } catch (err) {
    recordAppend(started, isConcurrencyError(err));
    throw err;
  }
}

/** A lost race on the unique (stream, version) key is a concurrency conflict like any other. */
function storeError(err: unknown, appends: readonly StreamAppend[]): unknown {
  if (isUniqueViolation(err, 'events_stream_version_key')) {
    const [first] = appends;
    return new ConcurrencyError(first.streamId, first.expectedVersion, 'unknown', 'a concurrent append won the race');
  }
  return err;
}
