import { ShippingEvent } from '@orderflow/contracts';
import { DocumentReducers, recordDelay, shipmentView } from './reducer-parts';

/** Shipping's events: the shipment's own record is the authority on its status. */
export const shippingEventReducers: DocumentReducers<ShippingEvent> = {
  ShipmentRequested(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.warehouseId ??= d.warehouseId;
    if (s.lines.length === 0) s.lines = d.lines;
    s.promisedBy = d.promisedBy;
    s.requestedAt = d.requestedAt;
    s.status = 'AWAITING_PACKING';
  },
  ShipmentBooked(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.carrier = d.carrier;
    s.trackingNumber = d.trackingNumber;
    s.estimatedDeliveryDate = d.estimatedDeliveryDate;
    s.promisedBy = d.promisedBy;
    s.bookedAt = d.bookedAt;
    s.status = 'BOOKED';
  },
  ShipmentPickedUp(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.carrier = d.carrier;
    s.trackingNumber = d.trackingNumber;
    s.warehouseId ??= d.warehouseId;
    if (s.lines.length === 0) s.lines = d.lines;
    s.pickedUpAt = d.pickedUpAt;
    s.status = 'PICKED_UP';
  },
  ShipmentInTransit(doc, d) {
    shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber).status = d.status;
  },
  ShipmentDelivered(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    if (s.lines.length === 0) s.lines = d.lines;
    s.deliveredAt = d.deliveredAt;
    s.status = 'DELIVERED';
  },
  ShipmentDeliveryFailed(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.deliveryFailedAt = d.failedAt;
    s.status = 'DELIVERY_FAILED';
  },
  ShipmentReturnedToSender(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.returnedToSenderAt = d.returnedAt;
    s.status = 'RETURNED_TO_SENDER';
  },
  ShipmentDelayed(doc, d) {
    recordDelay(shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber), d.promisedBy, d.newEstimate, d.detectedAt);
  },
  ShipmentCancelled(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.cancelledAt = d.cancelledAt;
    s.status = 'CANCELLED';
  },
  CourierAwaited(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.courier = { courierId: null, status: 'AWAITED', attempts: s.courier?.attempts ?? 0 };
  },
  CourierAssigned(doc, d) {
    shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber).courier = { courierId: d.courierId, status: 'OFFERED', attempts: d.attempt };
  },
  CourierAssignmentAccepted(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    s.courier = { courierId: d.courierId, status: 'ACCEPTED', attempts: s.courier?.attempts ?? 1 };
  },
  CourierAssignmentLapsed(doc, d) {
    const s = shipmentView(doc, d.shipmentId, d.purpose, d.rmaNumber);
    // Offered again at once (or awaited): the next event says to whom.
    s.courier = { courierId: null, status: 'AWAITED', attempts: s.courier?.attempts ?? 1 };
  },
};
