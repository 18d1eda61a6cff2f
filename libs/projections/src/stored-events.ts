import { Queryable, StoredEvent } from '@orderflow/event-store';

/** The events table's columns as StoredEvent wants them (the store's own mapping is private). */
export const EVENT_COLUMNS = `e.global_position, e.transaction_id::text AS transaction_id, e.stream_id, e.stream_version,
  e.event_id, e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash`;

export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function queryEvents(db: Queryable, sql: string, params: unknown[]): Promise<StoredEvent[]> {
  return ((await db.query(sql, params)) as EventRow[]).map(toStoredEvent);
}
