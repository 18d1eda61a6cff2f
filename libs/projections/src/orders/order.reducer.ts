import { ShipmentAllocation, SkuQuantity } from '@orderflow/contracts';
import { assertNever } from '@orderflow/decider';
import { decodeStoredEvent, orderIdOf, ServiceEvent } from '../events';
import { ProjectedEvent } from '../projection';
import { OrderDocument, ReturnLineView, ReturnView, ShipmentView, ShipmentViewStatus } from './order-document';

/**
 * The one reducer of the order document: `(doc | undefined, storedEvent) -> doc`. The live
 * projector, a rebuild and GET /orders/{id}?asOf= all fold it over the same events in global
 * (transaction id, position) order, so they cannot disagree. Pure: no clock, no I/O, and the
 * document passed in is never mutated.
 */
export function reduceOrder(doc: OrderDocument | undefined, event: ProjectedEvent): OrderDocument {
  const next = foldOrder(doc, [event]);
  if (!next) throw new Error(`event ${event.eventId} (${event.type}) names no order`);
  return next;
}

/** reduceOrder over several events; events that name no order are passed over. */
export function foldOrder(doc: OrderDocument | undefined, events: readonly ProjectedEvent[]): OrderDocument | undefined {
  return foldOrderInto(doc ? structuredClone(doc) : undefined, events);
}

/**
 * foldOrder without the copy: the draft passed in is changed and returned (or a new one, for
 * undefined). For a caller that owns its documents, as a rebuild holding them between batches does.
 */
export function foldOrderInto(draft: OrderDocument | undefined, events: readonly ProjectedEvent[]): OrderDocument | undefined {
  for (const stored of events) {
    const orderId = orderIdOf(stored);
    if (!orderId) continue;
    if (draft && draft.orderId !== orderId) {
      throw new Error(`event ${stored.eventId} belongs to order ${orderId}, not ${draft.orderId}`);
    }
    draft ??= emptyOrderDocument(orderId);
    const event = decodeStoredEvent(stored);
    if (event) applyEvent(draft, event);
    draft.lastPosition = stored.globalPosition;
    draft.eventCount += 1;
  }
  if (draft) deriveQuantities(draft);
  return draft;
}

export function emptyOrderDocument(orderId: string): OrderDocument {
  return {
    orderId,
    orderNumber: null,
    channel: '',
    externalOrderId: '',
    status: null,
    customer: null,
    shippingAddress: null,
    currency: null,
    totalMinor: null,
    requestedDeliveryDate: null,
    placedAt: null,
    confirmedAt: null,
    estimatedDeliveryDate: null,
    rejectedAt: null,
    rejectionReasons: [],
    backorderedAt: null,
    allocatedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    cancellationReason: null,
    cancellationRejections: [],
    lines: [],
    shipments: [],
    returns: [],
    complaints: [],
    refunds: [],
    refundedMinor: 0,
    lastPosition: 0,
    eventCount: 0,
  };
}

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

function applyEvent(doc: OrderDocument, event: ServiceEvent): void {
  const ref = event.data as { channel?: unknown; externalOrderId?: unknown };
  if (!doc.channel && typeof ref.channel === 'string' && typeof ref.externalOrderId === 'string') {
    doc.channel = ref.channel;
    doc.externalOrderId = ref.externalOrderId;
  }
  switch (event.type) {
    // --- order service: the order itself; its status is whatever the event says
    case 'OrderPlaced': {
      const d = event.data;
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
        allocated: 0,
        backordered: 0,
        shipped: 0,
        delivered: 0,
        returned: 0,
      }));
      return;
    }
    case 'OrderConfirmed':
      doc.confirmedAt = event.data.confirmedAt;
      doc.estimatedDeliveryDate = event.data.estimatedDeliveryDate;
      doc.status = event.data.status;
      return;
    case 'OrderRejected':
      doc.orderNumber ??= event.data.orderNumber;
      doc.rejectedAt = event.data.rejectedAt;
      doc.rejectionReasons = event.data.reasons;
      doc.status = event.data.status;
      return;
    case 'OrderAllocated':
      recordAllocation(doc, event.data.shipments, [], event.data.allocatedAt);
      doc.allocatedAt ??= event.data.allocatedAt;
      doc.status = event.data.status;
      return;
    case 'OrderBackordered':
      recordAllocation(doc, event.data.shipments, event.data.backordered, event.data.backorderedAt);
      doc.backorderedAt ??= event.data.backorderedAt;
      doc.status = event.data.status;
      return;
    case 'OrderBackorderPartlyFilled':
      recordAllocation(doc, event.data.shipments, event.data.backordered, event.data.filledAt);
      doc.status = event.data.status;
      return;
    case 'OrderShipmentDispatched': {
      const s = shipment(doc, event.data.shipmentId, 'ORDER');
      s.carrier ??= event.data.carrier;
      s.trackingNumber ??= event.data.trackingNumber;
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.pickedUpAt ??= event.data.dispatchedAt;
      advance(s, 'PICKED_UP');
      doc.status = event.data.status;
      return;
    }
    case 'OrderShipmentDelayed': {
      const s = shipment(doc, event.data.shipmentId, 'ORDER');
      recordDelay(s, event.data.promisedBy, event.data.newEstimate, event.data.delayedAt);
      return;
    }
    case 'OrderShipmentDelivered': {
      const s = shipment(doc, event.data.shipmentId, 'ORDER');
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.deliveredAt ??= event.data.deliveredAt;
      advance(s, 'DELIVERED');
      doc.status = event.data.status;
      return;
    }
    case 'OrderDelivered':
      doc.deliveredAt = event.data.deliveredAt;
      doc.status = event.data.status;
      return;
    case 'OrderCancelled':
      doc.cancelledAt = event.data.cancelledAt;
      doc.cancellationReason = event.data.reason;
      doc.status = event.data.status;
      doc.lines.forEach((l) => (l.backordered = 0)); // cancellation withdraws what waits
      return;
    case 'OrderCancellationRejected':
      doc.cancellationRejections.push({ reason: event.data.reason, rejectedAt: event.data.rejectedAt });
      return;
    case 'OrderShippedAfterCancellation': {
      // The carrier took it although the cancellation had won: the shipment left, the order stays CANCELLED.
      const s = shipment(doc, event.data.shipmentId, 'ORDER');
      s.carrier ??= event.data.carrier;
      s.trackingNumber ??= event.data.trackingNumber;
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.pickedUpAt ??= event.data.dispatchedAt;
      advance(s, 'PICKED_UP');
      doc.status = event.data.status;
      return;
    }

    // --- inventory: allocations name shipments (and exchange replacements) before the order hears of them
    case 'StockAllocated':
    case 'BackorderAllocated':
      for (const a of event.data.shipments) {
        const s = shipment(doc, a.shipmentId, event.data.purpose, event.data.rmaNumber);
        seedShipment(s, a, event.data.allocatedAt);
        s.promisedBy ??= event.data.promisedBy;
      }
      return;
    case 'ReservationReleased':
      for (const id of event.data.releasedShipments) shipment(doc, id, event.data.purpose, event.data.rmaNumber).released = true;
      return;
    case 'ReservationShipped':
    case 'StockReserved':
    case 'StockReservationReleased':
    case 'StockShipped':
    case 'BackorderQueued':
    case 'BackorderFilled':
    case 'BackorderWithdrawn':
    case 'WarehouseRegistered':
    case 'StockReceived':
    case 'StockAdjusted':
    case 'StockAdjustmentRefused':
    case 'StockRestocked':
    case 'DamagedReturnRecorded':
    case 'StockShortfallRecorded':
    case 'ReservationShipmentReturned':
    case 'ReturnExpected':
    case 'ReturnNotAuthorized':
    case 'ReturnParcelHeld':
    case 'ReturnParcelAccepted':
    case 'ReturnParcelRefused':
      return; // stock movements and what inventory restocks of returns: on the timeline, and in the inventory projection

    // --- shipping: the shipment's own record is the authority on its status
    case 'ShipmentRequested': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.warehouseId ??= event.data.warehouseId;
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.promisedBy = event.data.promisedBy;
      s.requestedAt = event.data.requestedAt;
      s.status = 'AWAITING_PACKING';
      return;
    }
    case 'ShipmentBooked': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.carrier = event.data.carrier;
      s.trackingNumber = event.data.trackingNumber;
      s.estimatedDeliveryDate = event.data.estimatedDeliveryDate;
      s.promisedBy = event.data.promisedBy;
      s.bookedAt = event.data.bookedAt;
      s.status = 'BOOKED';
      return;
    }
    case 'ShipmentPickedUp': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.carrier = event.data.carrier;
      s.trackingNumber = event.data.trackingNumber;
      s.warehouseId ??= event.data.warehouseId;
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.pickedUpAt = event.data.pickedUpAt;
      s.status = 'PICKED_UP';
      return;
    }
    case 'ShipmentInTransit': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.status = event.data.status;
      return;
    }
    case 'ShipmentDelivered': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      if (s.lines.length === 0) s.lines = event.data.lines;
      s.deliveredAt = event.data.deliveredAt;
      s.status = 'DELIVERED';
      return;
    }
    case 'ShipmentDeliveryFailed': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.deliveryFailedAt = event.data.failedAt;
      s.status = 'DELIVERY_FAILED';
      return;
    }
    case 'ShipmentReturnedToSender': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.returnedToSenderAt = event.data.returnedAt;
      s.status = 'RETURNED_TO_SENDER';
      return;
    }
    case 'ShipmentDelayed': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      recordDelay(s, event.data.promisedBy, event.data.newEstimate, event.data.detectedAt);
      return;
    }
    case 'ShipmentCancelled': {
      const s = shipment(doc, event.data.shipmentId, event.data.purpose, event.data.rmaNumber);
      s.cancelledAt = event.data.cancelledAt;
      s.status = 'CANCELLED';
      return;
    }

    // --- after-sales: returns, refunds, exchanges, complaints
    case 'ReturnAwaitingDelivery': {
      const r = returnOf(doc, event.data.rmaNumber, event.data.resolution);
      r.status = 'AWAITING_DELIVERY';
      r.lines = event.data.lines.map((l) => requestedReturnLine(l, null));
      return;
    }
    case 'ReturnAuthorized': {
      const r = returnOf(doc, event.data.rmaNumber, event.data.resolution);
      r.status = 'AUTHORIZED';
      r.resolution = event.data.resolution;
      r.currency = event.data.currency;
      r.returnBy = event.data.returnBy;
      r.authorizedAt = event.data.authorizedAt;
      r.lines = event.data.lines.map((l) => requestedReturnLine(l, l.unitPriceMinor));
      return;
    }
    case 'ReturnRejected': {
      const r = returnOf(doc, event.data.rmaNumber, event.data.resolution);
      r.status = 'REJECTED';
      r.rejectedAt = event.data.rejectedAt;
      r.rejectionReason = event.data.reason;
      r.lines = event.data.lines.map((l) => requestedReturnLine(l, null));
      return;
    }
    case 'ReturnReceived': {
      const r = returnOf(doc, event.data.rmaNumber, 'REFUND');
      for (const received of event.data.lines) receiveReturnLine(r, received.sku, received.quantity, received.condition);
      r.receivedAt = event.data.receivedAt;
      if (r.status === 'AUTHORIZED') r.status = 'RECEIVED';
      return;
    }
    case 'RefundIssued': {
      const d = event.data;
      doc.refunds.push({
        amountMinor: d.amountMinor,
        currency: d.currency,
        reason: d.reason,
        rmaNumber: d.rmaNumber ?? null,
        complaintId: d.complaintId ?? null,
        issuedAt: d.issuedAt,
      });
      doc.refundedMinor += d.amountMinor;
      if (d.rmaNumber) {
        const r = returnOf(doc, d.rmaNumber, 'REFUND');
        r.refundMinor += d.amountMinor;
        r.status = 'REFUNDED';
      }
      return;
    }
    case 'ExchangeReplacementRequested': {
      const r = returnOf(doc, event.data.rmaNumber, 'EXCHANGE');
      r.exchangeRequestedAt = event.data.requestedAt;
      r.status = 'EXCHANGE_PENDING';
      return;
    }
    case 'ExchangeShipped': {
      const r = returnOf(doc, event.data.rmaNumber, 'EXCHANGE');
      const { shipmentId, carrier, trackingNumber, shippedAt } = event.data;
      r.exchange = { shipmentId, carrier, trackingNumber, shippedAt };
      r.status = 'EXCHANGED';
      return;
    }
    case 'ComplaintOpened': {
      const d = event.data;
      if (doc.complaints.some((c) => c.complaintId === d.complaintId)) return;
      doc.complaints.push({
        complaintId: d.complaintId,
        status: 'OPEN',
        category: d.category,
        source: d.source,
        shipmentId: d.shipmentId ?? null,
        message: d.message,
        openedAt: d.openedAt,
        acknowledgedAt: null,
        resolveBy: null,
        resolvedAt: null,
        resolution: null,
        goodwillRefundMinor: null,
      });
      return;
    }
    case 'ComplaintAcknowledged': {
      const c = doc.complaints.find((x) => x.complaintId === event.data.complaintId);
      if (!c) return;
      c.acknowledgedAt = event.data.acknowledgedAt;
      c.resolveBy = event.data.resolveBy;
      return;
    }
    case 'ComplaintResolved': {
      const c = doc.complaints.find((x) => x.complaintId === event.data.complaintId);
      if (!c) return;
      c.status = 'RESOLVED';
      c.resolvedAt = event.data.resolvedAt;
      c.resolution = event.data.resolution;
      c.goodwillRefundMinor = event.data.goodwillRefundMinor ?? null;
      return;
    }
    default:
      return assertNever(event);
  }
}

function shipment(doc: OrderDocument, shipmentId: string, purpose: 'ORDER' | 'EXCHANGE', rmaNumber?: string): ShipmentView {
  let s = doc.shipments.find((x) => x.shipmentId === shipmentId);
  if (!s) {
    s = {
      shipmentId,
      purpose,
      rmaNumber: rmaNumber ?? null,
      warehouseId: null,
      carrier: null,
      trackingNumber: null,
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

function seedShipment(s: ShipmentView, allocation: ShipmentAllocation, allocatedAt: string): void {
  s.warehouseId ??= allocation.warehouseId;
  if (s.lines.length === 0) s.lines = allocation.lines;
  s.allocatedAt ??= allocatedAt;
}

/** What inventory allocated, as the order service reports it: new shipments and what still waits. */
function recordAllocation(doc: OrderDocument, shipments: ShipmentAllocation[], backordered: SkuQuantity[], at: string): void {
  for (const a of shipments) seedShipment(shipment(doc, a.shipmentId, 'ORDER'), a, at);
  for (const line of doc.lines) line.backordered = 0;
  for (const waiting of backordered) {
    const line = doc.lines.find((l) => l.sku === waiting.sku);
    if (line) line.backordered += waiting.quantity;
  }
}

/** A status reached through an order event: only ever forward. */
function advance(s: ShipmentView, status: ShipmentViewStatus): void {
  if (SHIPMENT_PROGRESS[s.status] < SHIPMENT_PROGRESS[status]) s.status = status;
}

function recordDelay(s: ShipmentView, promisedBy: string, newEstimate: string, at: string): void {
  s.delayed = true;
  s.promisedBy ??= promisedBy;
  if (!s.newEstimate || newEstimate > s.newEstimate) s.newEstimate = newEstimate;
  s.delayedAt ??= at;
}

function returnOf(doc: OrderDocument, rmaNumber: string, resolution: 'REFUND' | 'EXCHANGE'): ReturnView {
  let r = doc.returns.find((x) => x.rmaNumber === rmaNumber);
  if (!r) {
    r = {
      rmaNumber,
      status: 'AUTHORIZED',
      resolution,
      currency: null,
      lines: [],
      refundMinor: 0,
      returnBy: null,
      authorizedAt: null,
      rejectedAt: null,
      rejectionReason: null,
      receivedAt: null,
      exchangeRequestedAt: null,
      exchange: null,
    };
    doc.returns.push(r);
  }
  return r;
}

/** A return line as requested: nothing has arrived back yet. */
function requestedReturnLine(l: { sku: string; quantity: number; reason: string }, unitPriceMinor: number | null): ReturnLineView {
  return { sku: l.sku, quantity: l.quantity, reason: l.reason, unitPriceMinor, received: 0, resellable: 0, damaged: 0 };
}

/** Received units fill the return's lines of that SKU in order, up to what each authorised. */
function receiveReturnLine(r: ReturnView, sku: string, quantity: number, condition: 'RESELLABLE' | 'DAMAGED'): void {
  const lines = r.lines.filter((l) => l.sku === sku);
  if (lines.length === 0) {
    lines.push(requestedReturnLine({ sku, quantity: 0, reason: 'unannounced' }, null));
    r.lines.push(lines[0]);
  }
  let left = quantity;
  lines.forEach((line, i) => {
    const take = i === lines.length - 1 ? left : Math.min(left, Math.max(0, line.quantity - line.received));
    line.received += take;
    if (condition === 'RESELLABLE') line.resellable += take;
    else line.damaged += take;
    left -= take;
  });
}

/** Per-line quantities follow from the shipments and returns, recomputed after every fold. */
function deriveQuantities(doc: OrderDocument): void {
  const sum = (pick: (s: ShipmentView) => boolean) => {
    const bySku = new Map<string, number>();
    for (const s of doc.shipments) {
      if (s.purpose !== 'ORDER' || !pick(s)) continue;
      for (const l of s.lines) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
    }
    return bySku;
  };
  const allocated = sum((s) => !s.released && s.status !== 'CANCELLED');
  const shipped = sum((s) => s.pickedUpAt !== null);
  const delivered = sum((s) => s.deliveredAt !== null);
  const returned = new Map<string, number>();
  for (const r of doc.returns) for (const l of r.lines) returned.set(l.sku, (returned.get(l.sku) ?? 0) + l.received);
  const seen = new Set<string>();
  for (const line of doc.lines) {
    const first = !seen.has(line.sku); // a rejected order may repeat a SKU: totals go on its first line
    seen.add(line.sku);
    line.allocated = first ? (allocated.get(line.sku) ?? 0) : 0;
    line.shipped = first ? (shipped.get(line.sku) ?? 0) : 0;
    line.delivered = first ? (delivered.get(line.sku) ?? 0) : 0;
    line.returned = first ? (returned.get(line.sku) ?? 0) : 0;
  }
  const pickUps = doc.shipments.filter((s) => s.purpose === 'ORDER' && s.pickedUpAt !== null).map((s) => s.pickedUpAt!);
  doc.shippedAt = pickUps.length ? pickUps.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)) : null;
}
