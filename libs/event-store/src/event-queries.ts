import { eventColumns, EventRow, toStoredEvent } from './event-row';
import { SqlRunner } from './prepared';
import { GlobalCheckpoint, StoredEvent } from './types';

/*
 * The store's reads beyond a stream and the global stream (EventStore): each one statement, on
 * anything that runs SQL (a DataSource, a transaction, a bare pg client wrapped to return rows).
 */

const COLUMNS = eventColumns('e');

export interface RecordedByOptions {
  /** Only events recorded at or before this instant. */
  toRecordedAt?: Date;
}

/**
 * A table outside the store (a projection's) that lists events by global position under a key:
 * `<table>(<key>, global_position)`. Named by the code that owns it, never by a request.
 */
export interface EventIndex {
  table: string;
  key: string;
  keyType: 'uuid' | 'text';
}

/** The read's bound on `e.recorded_at`, as a condition, its parameter appended to `params`. */
function recordedByCondition(options: RecordedByOptions, params: unknown[]): string {
  if (!options.toRecordedAt) return '';
  params.push(options.toRecordedAt);
  return `AND e.recorded_at <= $${params.length}`;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;
const QUALIFIED = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i;

/**
 * Every event whose data holds `value` under `field` (a top-level key), gap-safely (only
 * transactions older than the oldest one still in flight), in (transaction id, position) order.
 * A scan of the whole store: for audits that must not depend on any projection.
 */
export async function readEventsNaming(db: SqlRunner, field: string, value: string, options: RecordedByOptions = {}): Promise<StoredEvent[]> {
  if (!IDENTIFIER.test(field)) throw new Error(`not a data field name: ${JSON.stringify(field)}`);
  const params: unknown[] = [value];
  const recordedBy = recordedByCondition(options, params);
  return queryEvents(
    db,
    `SELECT ${COLUMNS} FROM events e
      WHERE e.data->>'${field}' = $1::text AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ${recordedBy}
      ORDER BY e.transaction_id, e.global_position`,
    params,
  );
}

/**
 * The events an index lists under `value`, joined in the same statement, in (transaction id,
 * position) order. What the index lists was read by its projector, so it is readable.
 */
export async function readIndexedEvents(db: SqlRunner, index: EventIndex, value: string, options: RecordedByOptions = {}): Promise<StoredEvent[]> {
  if (!QUALIFIED.test(index.table) || !IDENTIFIER.test(index.key)) throw new Error(`not an event index: ${JSON.stringify(index)}`);
  const params: unknown[] = [value];
  const recordedBy = recordedByCondition(options, params);
  return queryEvents(
    db,
    `SELECT ${COLUMNS}
       FROM ${index.table} i JOIN events e ON e.global_position = i.global_position
      WHERE i.${index.key} = $1::${index.keyType === 'uuid' ? 'uuid' : 'text'} ${recordedBy}
      ORDER BY e.transaction_id, e.global_position`,
    params,
  );
}

/** The version of each stream (0: no stream yet). */
export async function streamVersions(db: SqlRunner, streamIds: readonly string[]): Promise<Map<string, number>> {
  const rows = (await db.query(
    `SELECT stream_id, max(stream_version) AS version FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [streamIds],
  )) as { stream_id: string; version: number }[];
  const versions = new Map(streamIds.map((id) => [id, 0]));
  for (const row of rows) versions.set(row.stream_id, Number(row.version));
  return versions;
}

/**
 * Whether an event is stored at `position`, and the highest position stored, as this statement
 * sees the store: not gap-safe (an event is there or not, whatever is still in flight below it).
 */
export async function storedPosition(db: SqlRunner, position: number): Promise<{ stored: boolean; head: number }> {
  const [row] = (await db.query(
    `SELECT EXISTS (SELECT 1 FROM events WHERE global_position = $1) AS visible,
            coalesce((SELECT max(global_position) FROM events), 0) AS head`,
    [position],
  )) as { visible: boolean; head: string }[];
  return { stored: row.visible, head: Number(row.head) };
}

/**
 * The highest global position stored (0: none), as this statement sees the store: not gap-safe
 * (EventStore.headPosition is). What a watcher waiting for appends to stop compares.
 */
export async function storedHead(db: SqlRunner): Promise<number> {
  const [row] = (await db.query(`SELECT coalesce(max(global_position), 0)::bigint AS head FROM events`)) as { head: string }[];
  return Number(row.head);
}

/** How many events the store holds: all of them, or those up to and including a checkpoint of the global stream. */
export async function countEvents(db: SqlRunner, upTo?: GlobalCheckpoint): Promise<number> {
  const [row] = (await (upTo
    ? db.query(`SELECT count(*)::bigint AS total FROM events WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)`, [
        upTo.transactionId,
        upTo.globalPosition,
      ])
    : db.query(`SELECT count(*)::bigint AS total FROM events`))) as { total: string }[];
  return Number(row.total);
}

/**
 * The committed events after `checkpoint` (of these stream categories only, when given), including
 * those a gap-safe reader may not read yet (an older transaction is still writing), and how long
 * ago the oldest of them was recorded (0: none).
 */
export async function backlogAfter(
  db: SqlRunner,
  checkpoint: GlobalCheckpoint,
  categories?: readonly string[],
): Promise<{ events: number; oldestAgeSeconds: number }> {
  const [row] = (await db.query(
    `SELECT count(*)::bigint AS events,
            coalesce(greatest(0, extract(epoch FROM now() - min(recorded_at))), 0)::float8 AS seconds
       FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ${categories ? 'AND stream_category = ANY($3::text[])' : ''}`,
    [checkpoint.transactionId, checkpoint.globalPosition, ...(categories ? [categories] : [])],
  )) as { events: string; seconds: number }[];
  return { events: Number(row.events), oldestAgeSeconds: Number(row.seconds) };
}

async function queryEvents(db: SqlRunner, sql: string, params: unknown[]): Promise<StoredEvent[]> {
  return ((await db.query(sql, params)) as EventRow[]).map(toStoredEvent);
}

/**
 * Up to `limit` events of one stream from version `fromVersion` on, in version order: a long
 * stream (a hot SKU's stock) folded a page at a time, in bounded memory.
 */
export async function readStreamPage(db: SqlRunner, streamId: string, fromVersion: number, limit: number): Promise<StoredEvent[]> {
  return queryEvents(
    db,
    `SELECT ${COLUMNS} FROM events e WHERE e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version LIMIT $3`,
    [streamId, fromVersion, limit],
  );
}

/**
 * Every event of these streams, stream by stream in version order: the histories of a page of
 * small streams (reference data, docs/adr/0032) in one statement instead of one read each.
 */
export async function readStreams(db: SqlRunner, streamIds: readonly string[]): Promise<StoredEvent[]> {
  if (streamIds.length === 0) return [];
  return queryEvents(db, `SELECT ${COLUMNS} FROM events e WHERE e.stream_id = ANY($1::text[]) ORDER BY e.stream_id, e.stream_version`, [streamIds]);
}
