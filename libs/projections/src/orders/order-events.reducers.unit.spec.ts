import { ServiceEvent } from '../events';
import {
  backordered,
  confirmed,
  customer,
  dispatched,
  fold,
  line,
  mugShipment,
  orderId,
  partlyFilled,
  placed,
  placedAt,
  ref,
  shipmentDelivered,
  shipmentOf,
  stockAllocated,
  teaShipment,
} from './order-events.fixtures';

const cancelled: ServiceEvent = {
  type: 'OrderCancelled',
  data: { ...ref, reason: 'customer changed mind', cancelledAt: '2026-03-02T10:00:00.000Z', status: 'CANCELLED' },
};

describe('the order document from the order service', () => {
  describe('receipt', () => {
    it('given OrderPlaced and OrderConfirmed, the document holds the order as confirmed', () => {
      const doc = fold(placed, confirmed);
      expect(doc).toMatchObject({
        orderId,
        orderNumber: 'OF-000001',
        channel: 'webshop',
        externalOrderId: 'W-1001',
        status: 'CONFIRMED',
        customer,
        currency: 'EUR',
        totalMinor: 5197,
        placedAt,
        confirmedAt: '2026-03-02T09:30:01.000Z',
        estimatedDeliveryDate: '2026-03-05',
        shipments: [],
        eventCount: 2,
      });
      expect(doc.lines).toEqual([
        { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250, options: null, madeToOrder: null, production: null, allocated: 0, backordered: 0, shipped: 0, delivered: 0, returned: 0 },
        { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899, options: null, madeToOrder: null, production: null, allocated: 0, backordered: 0, shipped: 0, delivered: 0, returned: 0 },
      ]);
    });

    it('given OrderRejected, the status is REJECTED with every reason', () => {
      const doc = fold(placed, {
        type: 'OrderRejected',
        data: { ...ref, orderNumber: 'OF-000001', reasons: ['SKU X is not stocked', 'currency'], rejectedAt: placedAt, status: 'REJECTED' },
      });
      expect(doc.status).toBe('REJECTED');
      expect(doc.rejectionReasons).toEqual(['SKU X is not stocked', 'currency']);
      expect(doc.rejectedAt).toBe(placedAt);
    });

    it('given only OrderRejected, the order number comes from the rejection', () => {
      const doc = fold({
        type: 'OrderRejected',
        data: { ...ref, orderNumber: 'OF-000009', reasons: ['unknown channel'], rejectedAt: placedAt, status: 'REJECTED' },
      });
      expect(doc).toMatchObject({ orderNumber: 'OF-000009', status: 'REJECTED', placedAt: null });
    });
  });

  describe('allocation as the order reports it', () => {
    it('given OrderAllocated, its shipments are ALLOCATED with their lines and the order is allocated then', () => {
      const doc = fold(placed, confirmed, {
        type: 'OrderAllocated',
        data: { ...ref, shipments: [mugShipment, teaShipment], allocatedAt: '2026-03-02T09:31:00.000Z', status: 'ALLOCATED' },
      });
      expect(doc).toMatchObject({ status: 'ALLOCATED', allocatedAt: '2026-03-02T09:31:00.000Z' });
      expect(shipmentOf(doc, 'OF-000001-2')).toMatchObject({
        purpose: 'ORDER',
        status: 'ALLOCATED',
        warehouseId: 'WH-HAM',
        lines: teaShipment.lines,
        allocatedAt: '2026-03-02T09:31:00.000Z',
      });
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 3, backordered: 0 });
    });

    it('given OrderBackordered and a partial fill, what waits is what the last report said', () => {
      const doc = fold(placed, confirmed, backordered, partlyFilled);
      expect(doc).toMatchObject({ status: 'BACKORDERED', backorderedAt: '2026-03-02T09:31:01.000Z', allocatedAt: null });
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 1, backordered: 2 });
      expect(shipmentOf(doc, 'OF-000001-2').allocatedAt).toBe('2026-03-03T08:00:00.000Z');
    });
  });

  describe('shipments as the order reports them', () => {
    it('given OrderShipmentDispatched alone, the shipment is picked up by the carrier the order names', () => {
      const doc = fold(placed, confirmed, dispatched(mugShipment, 'SHIPPED', '2026-03-02T15:00:05.000Z'));
      expect(doc.status).toBe('SHIPPED');
      expect(doc.shippedAt).toBe('2026-03-02T15:00:05.000Z');
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
        status: 'PICKED_UP',
        carrier: 'ParcelNet',
        trackingNumber: 'PN-OF-000001-1',
        lines: mugShipment.lines,
        pickedUpAt: '2026-03-02T15:00:05.000Z',
      });
      expect(line(doc, 'MUG-RED').shipped).toBe(2);
    });

    it('given a dispatch reported after shipping saw the delivery, the shipment stays DELIVERED', () => {
      const doc = fold(placed, confirmed, shipmentDelivered(mugShipment, '2026-03-04T11:00:00.000Z'), dispatched(mugShipment, 'SHIPPED', '2026-03-02T15:00:05.000Z'));
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'DELIVERED', pickedUpAt: '2026-03-02T15:00:05.000Z' });
    });

    it('given OrderShipmentDelayed, the shipment is delayed to the new estimate, the later of two', () => {
      const delayed = (newEstimate: string, delayedAt: string): ServiceEvent => ({
        type: 'OrderShipmentDelayed',
        data: { ...ref, shipmentId: 'OF-000001-1', promisedBy: '2026-03-05', newEstimate, delayedAt },
      });
      const doc = fold(placed, confirmed, stockAllocated, delayed('2026-03-08', '2026-03-06T00:05:00.000Z'), delayed('2026-03-07', '2026-03-07T00:05:00.000Z'));
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
        delayed: true,
        promisedBy: '2026-03-05',
        newEstimate: '2026-03-08',
        delayedAt: '2026-03-06T00:05:00.000Z',
      });
    });

    it('given OrderShipmentDelivered and OrderDelivered, the shipment and the order are delivered', () => {
      const doc = fold(placed, confirmed, dispatched(mugShipment, 'SHIPPED', '2026-03-02T15:00:05.000Z'), {
        type: 'OrderShipmentDelivered',
        data: { ...ref, shipmentId: 'OF-000001-1', lines: mugShipment.lines, deliveredAt: '2026-03-04T11:00:00.000Z', status: 'DELIVERED' },
      }, { type: 'OrderDelivered', data: { ...ref, deliveredAt: '2026-03-04T11:00:01.000Z', status: 'DELIVERED' } });
      expect(doc).toMatchObject({ status: 'DELIVERED', deliveredAt: '2026-03-04T11:00:01.000Z' });
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'DELIVERED', deliveredAt: '2026-03-04T11:00:00.000Z' });
      expect(line(doc, 'MUG-RED').delivered).toBe(2);
    });
  });

  describe('cancellation', () => {
    it('given OrderCancelled, the order is cancelled with its reason and nothing waits any more', () => {
      const doc = fold(placed, confirmed, backordered, cancelled);
      expect(doc).toMatchObject({ orderId, status: 'CANCELLED', cancelledAt: '2026-03-02T10:00:00.000Z', cancellationReason: 'customer changed mind' });
      expect(doc.lines.map((l) => l.backordered)).toEqual([0, 0]);
    });

    it('given refused cancellations, each is recorded in turn', () => {
      const refused = (rejectedAt: string): ServiceEvent => ({ type: 'OrderCancellationRejected', data: { ...ref, reason: 'already picked up', rejectedAt } });
      const doc = fold(placed, confirmed, refused('2026-03-02T16:00:00.000Z'), refused('2026-03-02T17:00:00.000Z'));
      expect(doc.status).toBe('CONFIRMED');
      expect(doc.cancellationRejections).toEqual([
        { reason: 'already picked up', rejectedAt: '2026-03-02T16:00:00.000Z' },
        { reason: 'already picked up', rejectedAt: '2026-03-02T17:00:00.000Z' },
      ]);
    });

    it('given OrderShippedAfterCancellation, the shipment left while the order stays CANCELLED', () => {
      const doc = fold(placed, confirmed, stockAllocated, cancelled, {
        type: 'OrderShippedAfterCancellation',
        data: { ...ref, shipmentId: 'OF-000001-1', carrier: 'ParcelNet', trackingNumber: 'PN-9', lines: mugShipment.lines, dispatchedAt: '2026-03-02T10:00:05.000Z', status: 'CANCELLED' },
      });
      expect(doc).toMatchObject({ status: 'CANCELLED', customer });
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'PICKED_UP', carrier: 'ParcelNet', trackingNumber: 'PN-9' });
    });
  });
});
