import { OrderEvent, ShipmentAllocation, SkuQuantity } from '@orderflow/contracts';
import { OrderDocument, ShipmentView, ShipmentViewStatus } from './order-document';
import { paymentEventReducers } from './payment-events.reducers';
import { DocumentReducers, recordDelay, seedShipment, shipmentView, unchanged } from './reducer-parts';

/** Shipment statuses in the order a shipment moves through them; order events never move one back. */
const SHIPMENT_PROGRESS: Record<ShipmentViewStatus, number> = {
  ALLOCATED: 0,
  AWAITING_PACKING: 1,
  BOOKED: 2,
  PICKED_UP: 3,
  IN_TRANSIT: 4,
  OUT_FOR_DELIVERY: 5,
  DELIVERY_FAILED: 6,
  RETURNED_TO_SENDER: 7,
  DELIVERED: 8,
  CANCELLED: 9,
};

/** The order service's events: the order itself (its status is whatever the event says) and its payments. */
export const orderEventReducers: DocumentReducers<OrderEvent> = {
  OrderPlaced(doc, d) {
    Object.assign(doc, {
      orderNumber: d.orderNumber,
      channel: d.channel,
      externalOrderId: d.externalOrderId,
      customer: d.customer,
      shippingAddress: d.shippingAddress,
      currency: d.currency,
      totalMinor: d.totalMinor,
      requestedDeliveryDate: d.requestedDeliveryDate ?? null,
      placedAt: d.placedAt,
      status: d.status,
    });
    doc.lines = d.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      options: l.options ?? null,
      madeToOrder: null,
      production: null,
      allocated: 0,
      backordered: 0,
      shipped: 0,
      delivered: 0,
      returned: 0,
    }));
  },
  OrderConfirmed(doc, d) {
    for (const line of d.lines) {
      const own = doc.lines.find((l) => l.sku === line.sku);
      if (own && line.madeToOrder) own.madeToOrder = line.madeToOrder;
    }
    doc.confirmedAt = d.confirmedAt;
    doc.estimatedDeliveryDate = d.estimatedDeliveryDate;
    doc.paymentMode = d.paymentMode ?? 'prepaid'; // confirmed before payments existed: paid at the channel
    doc.status = d.status;
  },
  OrderRejected(doc, d) {
    doc.orderNumber ??= d.orderNumber;
    doc.rejectedAt = d.rejectedAt;
    doc.rejectionReasons = d.reasons;
    doc.status = d.status;
  },
  OrderAllocated(doc, d) {
    recordAllocation(doc, d.shipments, [], d.allocatedAt);
    doc.allocatedAt ??= d.allocatedAt;
    doc.status = d.status;
  },
  OrderBackordered(doc, d) {
    recordAllocation(doc, d.shipments, d.backordered, d.backorderedAt);
    doc.backorderedAt ??= d.backorderedAt;
    doc.status = d.status;
  },
  OrderBackorderPartlyFilled(doc, d) {
    recordAllocation(doc, d.shipments, d.backordered, d.filledAt);
    doc.status = d.status;
  },
  OrderShipmentDispatched(doc, d) {
    recordDispatch(shipmentView(doc, d.shipmentId, 'ORDER'), d);
    doc.status = d.status;
  },
  OrderShipmentDelayed(doc, d) {
    recordDelay(shipmentView(doc, d.shipmentId, 'ORDER'), d.promisedBy, d.newEstimate, d.delayedAt);
  },
  OrderShipmentDelivered(doc, d) {
    const s = shipmentView(doc, d.shipmentId, 'ORDER');
    if (s.lines.length === 0) s.lines = d.lines;
    s.deliveredAt ??= d.deliveredAt;
    advance(s, 'DELIVERED');
    doc.status = d.status;
  },
  OrderDelivered(doc, d) {
    doc.deliveredAt = d.deliveredAt;
    doc.status = d.status;
  },
  OrderCancelled(doc, d) {
    doc.cancelledAt = d.cancelledAt;
    doc.cancellationReason = d.reason;
    doc.status = d.status;
    doc.lines.forEach((l) => (l.backordered = 0)); // cancellation withdraws what waits
  },
  OrderCancellationRejected(doc, d) {
    doc.cancellationRejections.push({ reason: d.reason, rejectedAt: d.rejectedAt });
  },
  OrderShippedAfterCancellation(doc, d) {
    // The carrier took it although the cancellation had won: the shipment left, the order stays CANCELLED.
    recordDispatch(shipmentView(doc, d.shipmentId, 'ORDER'), d);
    doc.status = d.status;
  },
  // The flags show on the timeline; the document holds the prices as the order stated them.
  OrderPriceFlagged: unchanged,
  // A change waiting for its difference's authorisation, or refused, shows on the timeline only.
  OrderChangeAwaitingPayment: unchanged,
  OrderChangeRejected: unchanged,
  /** The order as the change left it (docs/adr/0034); its shipments follow from inventory's new plan. */
  OrderChanged(doc, d) {
    doc.shippingAddress = d.shippingAddress;
    doc.totalMinor = d.totalMinor;
    const before = new Map(doc.lines.map((l) => [l.sku, l]));
    doc.lines = d.lines.map(
      (l) =>
        Object.assign(before.get(l.sku) ?? { options: l.options ?? null, madeToOrder: null, production: null, allocated: 0, backordered: 0, shipped: 0, delivered: 0, returned: 0 }, {
          sku: l.sku,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        }),
    );
  },
  // Production as the order heard it; the line's production view follows inventory's own events.
  OrderProductionStarted: unchanged,
  OrderProductionCompleted: unchanged,
  OrderProductionDelayed: unchanged,
  OrderProductionFailed: unchanged,
  OrderShippedAfterChange(doc, d) {
    // The carrier took a shipment the change had released: its goods left as planned before the change.
    recordDispatch(shipmentView(doc, d.shipmentId, 'ORDER'), d);
  },
  ...paymentEventReducers,
};

/** What inventory allocated, as the order service reports it: new shipments and what still waits. */
function recordAllocation(doc: OrderDocument, shipments: ShipmentAllocation[], backordered: SkuQuantity[], at: string): void {
  for (const a of shipments) seedShipment(shipmentView(doc, a.shipmentId, 'ORDER'), a, at);
  for (const line of doc.lines) line.backordered = 0;
  for (const waiting of backordered) {
    const line = doc.lines.find((l) => l.sku === waiting.sku);
    if (line) line.backordered += waiting.quantity;
  }
}

function recordDispatch(s: ShipmentView, d: { carrier: string; trackingNumber: string; lines: SkuQuantity[]; dispatchedAt: string }): void {
  s.carrier ??= d.carrier;
  s.trackingNumber ??= d.trackingNumber;
  if (s.lines.length === 0) s.lines = d.lines;
  s.pickedUpAt ??= d.dispatchedAt;
  advance(s, 'PICKED_UP');
}

/** A status reached through an order event: only ever forward. */
function advance(s: ShipmentView, status: ShipmentViewStatus): void {
  if (SHIPMENT_PROGRESS[s.status] < SHIPMENT_PROGRESS[status]) s.status = status;
}
