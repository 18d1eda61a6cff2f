/** What a caller hands to append: the store adds position, version, time and hashes. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** Who caused it: a channel, warehouse, carrier, operator or a service. */
  actor?: string;
  /** W3C trace context of the message that caused this event. */
  traceparent?: string;
  [key: string]: unknown;
}

export interface StoredEvent<Type extends string = string, Data = unknown> {
  globalPosition: number;
  transactionId: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

/**
 * A point in the global stream. Events are read in (transactionId, globalPosition) order, which
 * is the order in which they became visible; the pair is what makes resuming gap-safe.
 */
export interface GlobalCheckpoint {
  transactionId: string;
  globalPosition: number;
}

export const START_OF_STREAM: GlobalCheckpoint = Object.freeze({ transactionId: '0', globalPosition: 0 });

export interface AppendResult {
  /** The stream's version after the append (its last event's version). */
  nextExpectedVersion: number;
  /** Positions of the appended events; empty when the append was a repeat. */
  positions: number[];
  /** True when every event id was already stored: the append changed nothing. */
  duplicate: boolean;
}

/** The category of a stream id is everything before its first '-': `order-123` is in `order`. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
