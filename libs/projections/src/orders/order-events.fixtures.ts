import { ALL_EVENT_SCHEMAS } from '@orderflow/contracts';
import type { StoredEvent } from '@orderflow/event-store';
import { ServiceEvent } from '../events';
import { OrderDocument } from './order-document';
import { foldOrder } from './order.reducer';

/** One order's events from every service, and how the reducer specs fold them. */

export const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
export const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };
export const customer = { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' };
export const address = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
export const placedAt = '2026-03-02T09:30:00.000Z';
export const document = {
  ...ref,
  orderNumber: 'OF-000001',
  customer,
  shippingAddress: address,
  lines: [
    { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250 },
    { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899 },
  ],
  currency: 'EUR',
  totalMinor: 5197,
  placedAt,
};
export const shipTerms = { shipTo: address, promisedBy: '2026-03-05' };
export const shipmentRef = (shipmentId: string, purpose: 'ORDER' | 'EXCHANGE' = 'ORDER', rmaNumber?: string) => ({
  shipmentId,
  ...ref,
  purpose,
  ...(rmaNumber ? { rmaNumber } : {}),
});

let position = 0;
/** A stored event whose data passed its contract schema, as the services would have appended it. */
export function stored(event: ServiceEvent): StoredEvent {
  ALL_EVENT_SCHEMAS[event.type].parse(event.data);
  position += 1;
  return {
    globalPosition: position,
    transactionId: String(1000 + position),
    streamId: `test-${event.type}`,
    streamVersion: 1,
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {},
    recordedAt: new Date(Date.parse(placedAt) + position * 1000),
    prevHash: '',
    hash: '',
  };
}

export const fold = (...events: ServiceEvent[]) => foldOrder(undefined, events.map(stored))!;
export const line = (doc: OrderDocument, sku: string) => doc.lines.find((l) => l.sku === sku)!;
export const shipmentOf = (doc: OrderDocument, id: string) => doc.shipments.find((s) => s.shipmentId === id)!;

export const placed: ServiceEvent = { type: 'OrderPlaced', data: { ...document, status: 'PLACED' } };
export const confirmed: ServiceEvent = {
  type: 'OrderConfirmed',
  data: { ...document, confirmedAt: '2026-03-02T09:30:01.000Z', estimatedDeliveryDate: '2026-03-05', status: 'CONFIRMED' },
};
export const mugShipment = { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] };
export const teaShipment = { shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 3 }] };
export const stockAllocated: ServiceEvent = {
  type: 'StockAllocated',
  data: {
    reservationId: orderId,
    ...ref,
    purpose: 'ORDER',
    ...shipTerms,
    shipments: [mugShipment],
    backordered: [{ sku: 'TEA-GREEN', quantity: 3 }],
    allocatedAt: '2026-03-02T09:31:00.000Z',
  },
};
export const backordered: ServiceEvent = {
  type: 'OrderBackordered',
  data: {
    ...ref,
    shipments: [mugShipment],
    backordered: [{ sku: 'TEA-GREEN', quantity: 3 }],
    backorderedAt: '2026-03-02T09:31:01.000Z',
    status: 'BACKORDERED',
  },
};
/** Part of the backorder filled from another warehouse; the rest still waits. */
export const partlyFilled: ServiceEvent = {
  type: 'OrderBackorderPartlyFilled',
  data: {
    ...ref,
    shipments: [{ shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] }],
    backordered: [{ sku: 'TEA-GREEN', quantity: 2 }],
    filledAt: '2026-03-03T08:00:00.000Z',
    status: 'BACKORDERED',
  },
};
export const allocatedRest: ServiceEvent = {
  type: 'OrderAllocated',
  data: { ...ref, shipments: [teaShipment], allocatedAt: '2026-03-03T10:00:00.000Z', status: 'ALLOCATED' },
};
export const pickedUp = (shipment: typeof mugShipment, at: string): ServiceEvent => ({
  type: 'ShipmentPickedUp',
  data: {
    ...shipmentRef(shipment.shipmentId),
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipment.shipmentId}`,
    warehouseId: shipment.warehouseId,
    lines: shipment.lines,
    pickedUpAt: at,
  },
});
export const dispatched = (shipment: typeof mugShipment, status: 'SHIPPED' | 'PARTIALLY_SHIPPED', at: string): ServiceEvent => ({
  type: 'OrderShipmentDispatched',
  data: {
    ...ref,
    shipmentId: shipment.shipmentId,
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipment.shipmentId}`,
    lines: shipment.lines,
    status,
    dispatchedAt: at,
  },
});
export const shipmentDelivered = (shipment: typeof mugShipment, at: string): ServiceEvent => ({
  type: 'ShipmentDelivered',
  data: {
    ...shipmentRef(shipment.shipmentId),
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipment.shipmentId}`,
    lines: shipment.lines,
    promisedBy: '2026-03-05',
    deliveredAt: at,
  },
});
export const orderShipmentDelivered = (shipment: typeof mugShipment, status: 'SHIPPED' | 'DELIVERED' | 'PARTIALLY_SHIPPED', at: string): ServiceEvent => ({
  type: 'OrderShipmentDelivered',
  data: { ...ref, shipmentId: shipment.shipmentId, lines: shipment.lines, deliveredAt: at, status },
});
export const fullyDelivered = [
  placed,
  confirmed,
  { type: 'OrderAllocated', data: { ...ref, shipments: [mugShipment, teaShipment], allocatedAt: '2026-03-02T09:31:00.000Z', status: 'ALLOCATED' } },
  pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'),
  pickedUp(teaShipment, '2026-03-02T14:00:00.000Z'),
  dispatched(mugShipment, 'PARTIALLY_SHIPPED', '2026-03-02T15:00:05.000Z'),
  dispatched(teaShipment, 'SHIPPED', '2026-03-02T14:00:05.000Z'),
  shipmentDelivered(mugShipment, '2026-03-04T11:00:00.000Z'),
  orderShipmentDelivered(mugShipment, 'SHIPPED', '2026-03-04T11:00:00.000Z'),
  shipmentDelivered(teaShipment, '2026-03-04T12:00:00.000Z'),
  orderShipmentDelivered(teaShipment, 'DELIVERED', '2026-03-04T12:00:00.000Z'),
  { type: 'OrderDelivered', data: { ...ref, deliveredAt: '2026-03-04T12:00:00.000Z', status: 'DELIVERED' } },
] satisfies ServiceEvent[];
