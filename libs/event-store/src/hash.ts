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

export function eventHash(prevHash: string, e: HashableEvent): string {
  const canonical = canonicalJson({
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt.toISOString(),
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * The canonical JSON of an event in the pieces the store joins (`append_events`): the data and the
 * metadata once each (their canonical text is also what the store keeps, as jsonb), and the short
 * pieces between them. `{"data":` + data + mid + metadata + rest + version + tail is exactly what
 * `eventHash` hashes for that version. None of the pieces holds a raw control character (JSON
 * escapes them all), so a batch of each can travel as one text joined by U+001E.
 */
export function canonicalEventPieces(e: Omit<HashableEvent, 'streamVersion'>): {
  data: string;
  mid: string;
  metadata: string;
  rest: string;
  tail: string;
} {
  return {
    data: canonicalJson(e.data ?? null),
    mid: `,"eventId":${JSON.stringify(e.eventId)},"metadata":`,
    metadata: canonicalJson(e.metadata ?? {}),
    rest: `,"recordedAt":${JSON.stringify(e.recordedAt.toISOString())},"schemaVersion":${canonicalJson(e.schemaVersion)},"streamId":${JSON.stringify(e.streamId)},"streamVersion":`,
    tail: `,"type":${JSON.stringify(e.type)}}`,
  };
}

/** The separator of `canonicalEventPieces` batches: never raw in JSON text. */
export const PIECE_SEPARATOR = '\u001e';
