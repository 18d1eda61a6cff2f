import { StoredEvent } from './types';

/** The events table's columns as `toStoredEvent` reads them, optionally qualified by a table alias. */
export function eventColumns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}global_position, ${a}transaction_id::text AS transaction_id, ${a}stream_id, ${a}stream_version,
  ${a}event_id, ${a}event_type, ${a}schema_version, ${a}data, ${a}metadata, ${a}recorded_at, ${a}prev_hash, ${a}hash`;
}

/** A row of `SELECT ${eventColumns()} FROM events`. */
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
