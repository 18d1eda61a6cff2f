import type { TimelineEntry } from './order-types';

/**
 * Reading an order's timeline: what caused each entry, and which entries told the customer
 * something (a message on channel.notifications).
 */

/**
 * The causing entry when it is on this timeline (a causation id is the id of the event or
 * message that led to this one); otherwise the raw id, which names a message from outside.
 */
export function causeOf(entry: TimelineEntry, byEventId: ReadonlyMap<string, TimelineEntry>): { entry: TimelineEntry } | { id: string } | undefined {
  if (!entry.causationId) return undefined;
  const cause = byEventId.get(entry.causationId);
  return cause ? { entry: cause } : { id: entry.causationId };
}

export const indexByEventId = (events: readonly TimelineEntry[]): Map<string, TimelineEntry> => new Map(events.map((e) => [e.eventId, e]));

/**
 * The stored event types the relays turn into customer notifications, and the notification each
 * becomes: libs/contracts notificationFor, mirrored here for the browser (a spec keeps them equal).
 */
export const NOTIFIED_AS: Readonly<Record<string, string>> = {
  OrderConfirmed: 'OrderConfirmed',
  OrderRejected: 'OrderRejected',
  OrderBackordered: 'OrderBackordered',
  OrderShipmentDispatched: 'OrderShipped',
  OrderShipmentDelayed: 'OrderDelayed',
  OrderDelivered: 'OrderDelivered',
  OrderCancelled: 'OrderCancelled',
  OrderCancellationRejected: 'CancellationRejected',
  OrderChanged: 'OrderChanged',
  OrderChangeRejected: 'OrderChangeRejected',
  ReturnAuthorized: 'ReturnAuthorized',
  ReturnRejected: 'ReturnRejected',
  RefundIssued: 'RefundIssued',
  ExchangeShipped: 'ExchangeShipped',
  ComplaintAcknowledged: 'ComplaintAcknowledged',
  ComplaintResolved: 'ComplaintResolved',
  OrderProductionStarted: 'ProductionStarted',
  OrderProductionCompleted: 'ProductionCompleted',
  OrderProductionDelayed: 'ProductionDelayed',
};

export interface SentNotification {
  notification: string;
  event: TimelineEntry;
}

export function notificationsSent(events: readonly TimelineEntry[]): SentNotification[] {
  return events.flatMap((event) => (NOTIFIED_AS[event.type] ? [{ notification: NOTIFIED_AS[event.type], event }] : []));
}
