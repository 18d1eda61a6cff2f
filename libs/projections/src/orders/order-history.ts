import { z } from 'zod';
import { CATEGORY_OWNERS } from '@orderflow/contracts';
import { EventIndex, Queryable, readEventsNaming, readIndexedEvents, StoredEvent, streamCategory } from '@orderflow/event-store';
import { QUERY_SCHEMA } from '../projection';
import { OrderDocument } from './order-document';
import { foldOrder } from './order.reducer';

export interface OrderEventsOptions {
  /** Only events recorded at or before this instant. */
  asOf?: Date;
  /**
   * timeline-index (default): the orders projection's index of positions, then the events themselves.
   * store-scan: every event whose data names the order, straight from the store (slow, but it does
   * not depend on any projection: what an auditor may want).
   */
  source?: 'timeline-index' | 'store-scan';
}

/** The orders projection's index of the events that touched each order. */
const ORDER_EVENTS_INDEX: EventIndex = { table: `${QUERY_SCHEMA}.order_events`, key: 'order_id', keyType: 'uuid' };

/** The stored events that touched an order, in global (transaction id, position) order. */
export async function readOrderEvents(db: Queryable, orderId: string, options: OrderEventsOptions = {}): Promise<StoredEvent[]> {
  const read = { toRecordedAt: options.asOf };
  if (options.source === 'store-scan') return readEventsNaming(db, 'orderId', orderId, read);
  return readIndexedEvents(db, ORDER_EVENTS_INDEX, orderId, read);
}

/** The order document as it was at `asOf`: the same reducer, over the events recorded by then. */
export async function orderAsOf(db: Queryable, orderId: string, asOf: Date, source?: OrderEventsOptions['source']): Promise<OrderDocument | undefined> {
  return foldOrder(undefined, await readOrderEvents(db, orderId, { asOf, source }));
}

/** One entry of an order's timeline: who did what, when, and why (correlation and causation). */
export const TimelineEntry = z.object({
  position: z.number().int().describe('Global position'),
  type: z.string(),
  service: z.string().describe('The service that owns the stream'),
  streamId: z.string(),
  streamVersion: z.number().int(),
  eventId: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  actor: z.string().nullable(),
  data: z.unknown().meta({ type: 'object', description: 'The event data as stored' }),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export function timelineEntry(e: StoredEvent): TimelineEntry {
  const category = streamCategory(e.streamId);
  return {
    position: e.globalPosition,
    type: e.type,
    service: (CATEGORY_OWNERS as Record<string, string>)[category] ?? category,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    recordedAt: e.recordedAt.toISOString(),
    correlationId: typeof e.metadata?.correlationId === 'string' ? e.metadata.correlationId : null,
    causationId: typeof e.metadata?.causationId === 'string' ? e.metadata.causationId : null,
    actor: typeof e.metadata?.actor === 'string' ? e.metadata.actor : null,
    data: e.data,
  };
}

export interface OrderHistory {
  orderId: string;
  asOf: string | null;
  events: TimelineEntry[];
  /** The document folded from exactly these events; undefined when none exist. */
  document: OrderDocument | undefined;
}

/** What happened to an order, and what it looked like then: `audit history <orderId> [--as-of]`. */
export async function orderHistory(db: Queryable, orderId: string, options: OrderEventsOptions = {}): Promise<OrderHistory> {
  const events = await readOrderEvents(db, orderId, options);
  return {
    orderId,
    asOf: options.asOf?.toISOString() ?? null,
    events: events.map(timelineEntry).sort((a, b) => a.position - b.position),
    document: foldOrder(undefined, events),
  };
}
