import {
  AftersalesEvent,
  ALL_EVENT_SCHEMAS,
  currentEventData,
  InventoryEvent,
  OrderEvent,
  ShippingEvent,
} from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';

/** Every event type any service stores, with its data at the current schema version. */
export type ServiceEvent = OrderEvent | InventoryEvent | ShippingEvent | AftersalesEvent;

/**
 * A stored event upcast to its current schema and validated. Undefined for a type no contract
 * knows or data its schema refuses: projections then skip its effect (it still shows on the
 * order's timeline), identically live and in a rebuild.
 */
export function decodeStoredEvent(stored: Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>): ServiceEvent | undefined {
  const schema = ALL_EVENT_SCHEMAS[stored.type];
  if (!schema) return undefined;
  const parsed = schema.safeParse(currentEventData(stored.type, stored.schemaVersion, stored.data));
  return parsed.success ? ({ type: stored.type, data: parsed.data } as ServiceEvent) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order an event belongs to: its `data.orderId`, when it names one. */
export function orderIdOf(stored: Pick<StoredEvent, 'data'>): string | undefined {
  const id = (stored.data as { orderId?: unknown } | null)?.orderId;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}
