import { randomBytes } from 'node:crypto';
import { StoredEvent } from '@orderflow/event-store';
import { Headers } from '../bus/message-bus';

/** Headers every published event carries, so consumers can route and trace without parsing. */
export function eventHeaders(event: StoredEvent): Headers {
  const meta = event.metadata ?? {};
  return {
    'message-id': event.eventId,
    'event-id': event.eventId,
    'event-type': event.type,
    'schema-version': String(event.schemaVersion),
    'correlation-id': String(meta.correlationId ?? event.eventId),
    'causation-id': String(meta.causationId ?? event.eventId),
    traceparent: typeof meta.traceparent === 'string' ? meta.traceparent : newTraceparent(),
    'content-type': 'application/json',
  };
}

/** A fresh W3C trace context, for events whose cause carried none. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
