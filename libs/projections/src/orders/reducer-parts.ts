import { ShipmentAllocation } from '@orderflow/contracts';
import { ServiceEvent } from '../events';
import { OrderDocument, ShipmentView } from './order-document';

/**
 * How each event of one source changes the order document (the draft, in place), by event type.
 * Every type of the source has an entry, so a new contract event fails to compile until it is
 * handled, as an exhaustive switch would.
 */
export type DocumentReducers<Event extends ServiceEvent> = {
  [Type in Event['type']]: (doc: OrderDocument, data: Extract<Event, { type: Type }>['data']) => void;
};

/** For the events of a source that change nothing on the document (they show on the timeline). */
export const unchanged = (): void => undefined;

/** The shipment of this id on the document, added as ALLOCATED if no event named it yet. */
export function shipmentView(doc: OrderDocument, shipmentId: string, purpose: 'ORDER' | 'EXCHANGE', rmaNumber?: string): ShipmentView {
  let s = doc.shipments.find((x) => x.shipmentId === shipmentId);
  if (!s) {
    s = {
      shipmentId,
      purpose,
      rmaNumber: rmaNumber ?? null,
      warehouseId: null,
      distanceKm: null,
      carrier: null,
      trackingNumber: null,
      courier: null,
      status: 'ALLOCATED',
      lines: [],
      promisedBy: null,
      estimatedDeliveryDate: null,
      delayed: false,
      newEstimate: null,
      delayedAt: null,
      released: false,
      allocatedAt: null,
      requestedAt: null,
      bookedAt: null,
      pickedUpAt: null,
      deliveredAt: null,
      deliveryFailedAt: null,
      returnedToSenderAt: null,
      cancelledAt: null,
    };
    doc.shipments.push(s);
  }
  if (rmaNumber && !s.rmaNumber) s.rmaNumber = rmaNumber;
  return s;
}

export function seedShipment(s: ShipmentView, allocation: ShipmentAllocation, allocatedAt: string): void {
  s.warehouseId ??= allocation.warehouseId;
  s.distanceKm ??= allocation.distanceKm ?? null;
  if (s.lines.length === 0) s.lines = allocation.lines;
  s.allocatedAt ??= allocatedAt;
}

export function recordDelay(s: ShipmentView, promisedBy: string, newEstimate: string, at: string): void {
  s.delayed = true;
  s.promisedBy ??= promisedBy;
  if (!s.newEstimate || newEstimate > s.newEstimate) s.newEstimate = newEstimate;
  s.delayedAt ??= at;
}
