import { ServiceEvent } from '../events';
import { OrderDocument } from './order-document';
import {
  allocatedRest,
  backordered,
  confirmed,
  fold,
  fullyDelivered,
  line,
  mugShipment,
  orderId,
  partlyFilled,
  pickedUp,
  placed,
  placedAt,
  ref,
  shipmentOf,
  shipmentRef,
  shipTerms,
  stockAllocated,
  stored,
} from './order-events.fixtures';
import { foldOrder, reduceOrder } from './order.reducer';

describe('the order reducer', () => {
  describe('allocation', () => {
    it('a backorder shows per line what waits, and the full allocation clears it', () => {
      const waiting = fold(placed, confirmed, stockAllocated, backordered);
      expect(waiting.status).toBe('BACKORDERED');
      expect(waiting.backorderedAt).toBe('2026-03-02T09:31:01.000Z');
      expect(line(waiting, 'MUG-RED')).toMatchObject({ allocated: 2, backordered: 0 });
      expect(line(waiting, 'TEA-GREEN')).toMatchObject({ allocated: 0, backordered: 3 });
      expect(shipmentOf(waiting, 'OF-000001-1')).toMatchObject({ status: 'ALLOCATED', warehouseId: 'WH-BER', promisedBy: '2026-03-05' });
      expect(waiting.allocatedAt).toBeNull();

      const filled = reduceOrder(waiting, stored(allocatedRest));
      expect(filled.status).toBe('ALLOCATED');
      expect(filled.allocatedAt).toBe('2026-03-03T10:00:00.000Z');
      expect(line(filled, 'TEA-GREEN')).toMatchObject({ allocated: 3, backordered: 0 });
    });

    it('a partial fill keeps the rest waiting', () => {
      const doc = fold(placed, confirmed, backordered, partlyFilled);
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 1, backordered: 2 });
    });
  });

  describe('shipping and delivery', () => {
    it('follows every shipment to delivery and counts shipped and delivered units per line', () => {
      const doc = fold(...fullyDelivered);
      expect(doc.status).toBe('DELIVERED');
      expect(doc.deliveredAt).toBe('2026-03-04T12:00:00.000Z');
      expect(doc.shippedAt).toBe('2026-03-02T14:00:00.000Z'); // the first pick-up, by the carrier's scan
      expect(line(doc, 'MUG-RED')).toMatchObject({ allocated: 2, shipped: 2, delivered: 2 });
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 3, shipped: 3, delivered: 3 });
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
        status: 'DELIVERED',
        carrier: 'ParcelNet',
        trackingNumber: 'PN-OF-000001-1',
        pickedUpAt: '2026-03-02T15:00:00.000Z',
        deliveredAt: '2026-03-04T11:00:00.000Z',
      });
    });

    it('takes the shipment status from the shipping events, through booking and transit', () => {
      const doc = fold(
        placed,
        confirmed,
        stockAllocated,
        {
          type: 'ShipmentRequested',
          data: {
            ...shipmentRef('OF-000001-1'),
            reservationId: orderId,
            warehouseId: 'WH-BER',
            lines: mugShipment.lines,
            ...shipTerms,
            requestedAt: '2026-03-02T09:32:00.000Z',
          },
        },
        {
          type: 'ShipmentBooked',
          data: {
            ...shipmentRef('OF-000001-1'),
            carrier: 'ParcelNet',
            trackingNumber: 'PN-1',
            serviceLevel: 'standard',
            weightGrams: 800,
            costMinor: 499,
            currency: 'EUR',
            estimatedDeliveryDate: '2026-03-04',
            promisedBy: '2026-03-05',
            rule: 'cheapest on time',
            bookedAt: '2026-03-02T11:00:00.000Z',
          },
        },
      );
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
        status: 'BOOKED',
        carrier: 'ParcelNet',
        trackingNumber: 'PN-1',
        estimatedDeliveryDate: '2026-03-04',
        requestedAt: '2026-03-02T09:32:00.000Z',
      });
      const moving = reduceOrder(
        doc,
        stored({
          type: 'ShipmentInTransit',
          data: { ...shipmentRef('OF-000001-1'), carrier: 'ParcelNet', trackingNumber: 'PN-1', status: 'OUT_FOR_DELIVERY', scannedAt: placedAt },
        }),
      );
      expect(shipmentOf(moving, 'OF-000001-1').status).toBe('OUT_FOR_DELIVERY');
    });

    it('an order event arriving after the shipping events never moves a shipment back', () => {
      const doc = fold(placed, confirmed, pickedUp(mugShipment, '2026-03-02T15:00:00.000Z'), {
        type: 'OrderAllocated',
        data: { ...ref, shipments: [mugShipment], allocatedAt: '2026-03-02T09:31:00.000Z', status: 'ALLOCATED' },
      });
      expect(shipmentOf(doc, 'OF-000001-1').status).toBe('PICKED_UP');
      expect(doc.status).toBe('ALLOCATED'); // the order's status is what its last status event said
    });

    it('a delay marks the shipment with the new estimate, once however many services report it', () => {
      const doc = fold(
        placed,
        confirmed,
        stockAllocated,
        {
          type: 'ShipmentDelayed',
          data: { ...shipmentRef('OF-000001-1'), promisedBy: '2026-03-05', newEstimate: '2026-03-07', detectedAt: '2026-03-06T00:05:00.000Z' },
        },
        {
          type: 'OrderShipmentDelayed',
          data: { ...ref, shipmentId: 'OF-000001-1', promisedBy: '2026-03-05', newEstimate: '2026-03-07', delayedAt: '2026-03-06T00:05:01.000Z' },
        },
      );
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
        delayed: true,
        newEstimate: '2026-03-07',
        delayedAt: '2026-03-06T00:05:00.000Z',
      });
    });
  });

  describe('cancellation', () => {
    it('withdraws backorders and releases shipments not picked up', () => {
      const doc = fold(
        placed,
        confirmed,
        stockAllocated,
        backordered,
        {
          type: 'ReservationReleased',
          data: {
            reservationId: orderId,
            ...ref,
            purpose: 'ORDER',
            releasedShipments: ['OF-000001-1'],
            withdrawnBackorders: [{ sku: 'TEA-GREEN', quantity: 3 }],
            reason: 'order cancelled',
            releasedAt: '2026-03-02T10:00:00.000Z',
          },
        },
        { type: 'OrderCancelled', data: { ...ref, reason: 'customer changed mind', cancelledAt: '2026-03-02T10:00:00.000Z', status: 'CANCELLED' } },
        { type: 'ShipmentCancelled', data: { ...shipmentRef('OF-000001-1'), reason: 'released', cancelledAt: '2026-03-02T10:00:01.000Z' } },
      );
      expect(doc.status).toBe('CANCELLED');
      expect(doc.cancellationReason).toBe('customer changed mind');
      expect(line(doc, 'MUG-RED')).toMatchObject({ allocated: 0, backordered: 0 });
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 0, backordered: 0 });
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'CANCELLED', released: true });
    });

    it('shows goods that left after the cancellation won: the shipment picked up, the order still CANCELLED', () => {
      const doc = fold(
        placed,
        confirmed,
        stockAllocated,
        { type: 'OrderCancelled', data: { ...ref, reason: 'customer changed mind', cancelledAt: '2026-03-02T10:00:00.000Z', status: 'CANCELLED' } },
        {
          type: 'OrderShippedAfterCancellation',
          data: {
            ...ref,
            shipmentId: 'OF-000001-1',
            carrier: 'ParcelNet',
            trackingNumber: 'PN0000000001',
            lines: [{ sku: 'MUG-RED', quantity: 2 }],
            dispatchedAt: '2026-03-02T10:00:05.000Z',
            status: 'CANCELLED',
          },
        },
      );
      expect(doc.status).toBe('CANCELLED');
      expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ status: 'PICKED_UP', carrier: 'ParcelNet', pickedUpAt: '2026-03-02T10:00:05.000Z' });
      expect(line(doc, 'MUG-RED')).toMatchObject({ shipped: 2 });
    });

    it('records a refused cancellation without changing the status', () => {
      const doc = fold(...fullyDelivered.slice(0, 6), {
        type: 'OrderCancellationRejected',
        data: { ...ref, reason: 'already picked up', rejectedAt: '2026-03-02T16:00:00.000Z' },
      });
      expect(doc.status).toBe('PARTIALLY_SHIPPED');
      expect(doc.cancellationRejections).toEqual([{ reason: 'already picked up', rejectedAt: '2026-03-02T16:00:00.000Z' }]);
    });
  });

  describe('as a fold', () => {
    it('folding all events at once equals reducing one at a time, and never changes the document passed in', () => {
      const events = fullyDelivered.map(stored);
      let stepwise: OrderDocument | undefined;
      const seen: string[] = [];
      for (const e of events) {
        const before = stepwise ? JSON.stringify(stepwise) : undefined;
        const next = reduceOrder(stepwise, e);
        if (stepwise) expect(JSON.stringify(stepwise)).toBe(before);
        seen.push(next.status ?? '');
        stepwise = next;
      }
      expect(foldOrder(undefined, events)).toEqual(stepwise);
      expect(stepwise!.lastPosition).toBe(events[events.length - 1].globalPosition);
      expect(stepwise!.eventCount).toBe(events.length);
      expect(seen).toContain('PARTIALLY_SHIPPED');
    });

    it('counts an event it cannot read (unknown type or data its schema refuses) without applying it', () => {
      const doc = fold(placed, confirmed);
      const odd = { ...stored(confirmed), type: 'OrderTeleported' };
      const broken = { ...stored(confirmed), data: { ...ref, status: 'CONFIRMED' } };
      const after = foldOrder(doc, [odd, broken])!;
      expect(after).toEqual({ ...doc, lastPosition: broken.globalPosition, eventCount: 4 });
    });

    it('refuses an event of another order', () => {
      const doc = fold(placed);
      const other = stored({ ...confirmed, data: { ...(confirmed.data as object), orderId: '1c1a4b0e-2f7e-5d8c-9b3a-0e6f4d2c8a11' } } as ServiceEvent);
      expect(() => reduceOrder(doc, other)).toThrow(/belongs to order/);
    });
  });
});
