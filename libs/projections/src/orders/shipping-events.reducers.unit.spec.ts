import { ServiceEvent } from '../events';
import { confirmed, fold, line, mugShipment, orderId, pickedUp, placed, shipmentOf, shipmentRef, shipTerms, stockAllocated } from './order-events.fixtures';

const mug = shipmentRef('OF-000001-1');
const carrier = { carrier: 'ParcelNet', trackingNumber: 'PN-1' };
const requested: ServiceEvent = {
  type: 'ShipmentRequested',
  data: { ...mug, reservationId: orderId, warehouseId: 'WH-BER', lines: mugShipment.lines, ...shipTerms, requestedAt: '2026-03-02T09:32:00.000Z' },
};
const booked: ServiceEvent = {
  type: 'ShipmentBooked',
  data: {
    ...mug,
    ...carrier,
    serviceLevel: 'standard',
    weightGrams: 800,
    costMinor: 499,
    currency: 'EUR',
    estimatedDeliveryDate: '2026-03-04',
    promisedBy: '2026-03-06',
    rule: 'cheapest on time',
    bookedAt: '2026-03-02T11:00:00.000Z',
  },
};
const beforeShipping = [placed, confirmed, stockAllocated];

describe('the order document from shipping', () => {
  it('given ShipmentRequested, the warehouse is packing it for the promised date', () => {
    expect(shipmentOf(fold(...beforeShipping, requested), 'OF-000001-1')).toMatchObject({
      status: 'AWAITING_PACKING',
      warehouseId: 'WH-BER',
      lines: mugShipment.lines,
      promisedBy: '2026-03-05',
      requestedAt: '2026-03-02T09:32:00.000Z',
    });
  });

  it('given ShipmentBooked, the shipment has its carrier, estimate and the promise shipping booked against', () => {
    expect(shipmentOf(fold(...beforeShipping, requested, booked), 'OF-000001-1')).toMatchObject({
      status: 'BOOKED',
      ...carrier,
      estimatedDeliveryDate: '2026-03-04',
      promisedBy: '2026-03-06',
      bookedAt: '2026-03-02T11:00:00.000Z',
    });
  });

  it('given ShipmentPickedUp, the carrier’s scan is the pick-up, and its lines count as shipped', () => {
    const doc = fold(...beforeShipping, requested, booked, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'));
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'PICKED_UP', carrier: 'ParcelNet', trackingNumber: 'PN-OF-000001-1', pickedUpAt: '2026-03-02T15:00:00.000Z' });
    expect(doc.shippedAt).toBe('2026-03-02T15:00:00.000Z');
    expect(line(doc, 'MUG-RED').shipped).toBe(2);
  });

  it('given a pick-up of a shipment no allocation named yet, the shipment comes from the pick-up', () => {
    expect(shipmentOf(fold(placed, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z')), 'OF-000001-1')).toMatchObject({
      purpose: 'ORDER',
      status: 'PICKED_UP',
      warehouseId: 'WH-BER',
      lines: mugShipment.lines,
      allocatedAt: null,
    });
  });

  it('given transit scans, the status is the last scan’s', () => {
    const scan = (status: 'IN_TRANSIT' | 'OUT_FOR_DELIVERY'): ServiceEvent => ({
      type: 'ShipmentInTransit',
      data: { ...mug, ...carrier, status, scannedAt: '2026-03-03T08:00:00.000Z' },
    });
    expect(shipmentOf(fold(...beforeShipping, scan('IN_TRANSIT')), 'OF-000001-1').status).toBe('IN_TRANSIT');
    expect(shipmentOf(fold(...beforeShipping, scan('IN_TRANSIT'), scan('OUT_FOR_DELIVERY')), 'OF-000001-1').status).toBe('OUT_FOR_DELIVERY');
  });

  it('given ShipmentDelivered, the shipment is delivered and its lines count as delivered', () => {
    const doc = fold(...beforeShipping, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'), {
      type: 'ShipmentDelivered',
      data: { ...mug, ...carrier, lines: mugShipment.lines, promisedBy: '2026-03-05', deliveredAt: '2026-03-04T11:00:00.000Z' },
    });
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'DELIVERED', deliveredAt: '2026-03-04T11:00:00.000Z' });
    expect(line(doc, 'MUG-RED').delivered).toBe(2);
  });

  it('given a failed delivery and the parcel back at its warehouse, the shipment says when each happened', () => {
    const failed = fold(...beforeShipping, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'), {
      type: 'ShipmentDeliveryFailed',
      data: { ...mug, ...carrier, failedAt: '2026-03-04T11:00:00.000Z' },
    });
    expect(shipmentOf(failed, 'OF-000001-1')).toMatchObject({ status: 'DELIVERY_FAILED', deliveryFailedAt: '2026-03-04T11:00:00.000Z' });
    const returned = fold(...beforeShipping, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'), {
      type: 'ShipmentReturnedToSender',
      data: { ...mug, ...carrier, returnedAt: '2026-03-09T11:00:00.000Z' },
    });
    expect(shipmentOf(returned, 'OF-000001-1')).toMatchObject({ status: 'RETURNED_TO_SENDER', returnedToSenderAt: '2026-03-09T11:00:00.000Z' });
  });

  it('given ShipmentDelayed, the shipment is delayed to the new estimate, keeping its first promise', () => {
    const doc = fold(...beforeShipping, {
      type: 'ShipmentDelayed',
      data: { ...mug, promisedBy: '2026-03-05', newEstimate: '2026-03-07', detectedAt: '2026-03-06T00:05:00.000Z' },
    });
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ delayed: true, promisedBy: '2026-03-05', newEstimate: '2026-03-07', delayedAt: '2026-03-06T00:05:00.000Z' });
  });

  it('given ShipmentCancelled, the shipment is cancelled and no longer counts as allocated', () => {
    const doc = fold(...beforeShipping, requested, { type: 'ShipmentCancelled', data: { ...mug, reason: 'released', cancelledAt: '2026-03-02T10:00:01.000Z' } });
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'CANCELLED', cancelledAt: '2026-03-02T10:00:01.000Z' });
    expect(line(doc, 'MUG-RED').allocated).toBe(0);
  });
});
