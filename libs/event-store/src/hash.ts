import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal values always serialise identically. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export interface HashableEvent {
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: Date;
}

/**
 * The canonical record of an event: the fields its hash covers, which an audit export shows too
 * (with the event's position and chain), so an auditor can recompute every hash from an export.
 * `append_events` writes out the same record in SQL (APPEND_EVENTS_AS_OWNER). The keys are in
 * the export's order; the hash sorts them.
 */
export function canonicalEventRecord(e: HashableEvent) {
  return {
    recordedAt: e.recordedAt.toISOString(),
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  };
}

export function eventHash(prevHash: string, e: HashableEvent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(canonicalEventRecord(e))).digest('hex');
}

/** The separator of the batches of canonical data and metadata `append_events` takes: never raw in JSON text. */
export const PIECE_SEPARATOR = '\u001e';
