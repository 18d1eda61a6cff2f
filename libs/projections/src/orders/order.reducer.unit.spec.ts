import { ALL_EVENT_SCHEMAS } from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';
import { ServiceEvent } from '../events';
import { OrderDocument } from './order-document';
import { foldOrder, reduceOrder } from './order.reducer';

const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };
const customer = { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' };
const address = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const placedAt = '2026-03-02T09:30:00.000Z';
const document = {
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
const shipTerms = { shipTo: address, promisedBy: '2026-03-05' };
const shipmentRef = (shipmentId: string, purpose: 'ORDER' | 'EXCHANGE' = 'ORDER', rmaNumber?: string) => ({
  shipmentId,
  ...ref,
  purpose,
  ...(rmaNumber ? { rmaNumber } : {}),
});

let position = 0;
/** A stored event whose data passed its contract schema, as the services would have appended it. */
function stored(event: ServiceEvent): StoredEvent {
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

const fold = (...events: ServiceEvent[]) => foldOrder(undefined, events.map(stored))!;
const line = (doc: OrderDocument, sku: string) => doc.lines.find((l) => l.sku === sku)!;
const shipmentOf = (doc: OrderDocument, id: string) => doc.shipments.find((s) => s.shipmentId === id)!;

const placed: ServiceEvent = { type: 'OrderPlaced', data: { ...document, status: 'PLACED' } };
const confirmed: ServiceEvent = {
  type: 'OrderConfirmed',
  data: { ...document, confirmedAt: '2026-03-02T09:30:01.000Z', estimatedDeliveryDate: '2026-03-05', status: 'CONFIRMED' },
};
const mugShipment = { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] };
const teaShipment = { shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 3 }] };
const stockAllocated: ServiceEvent = {
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
const backordered: ServiceEvent = {
  type: 'OrderBackordered',
  data: {
    ...ref,
    shipments: [mugShipment],
    backordered: [{ sku: 'TEA-GREEN', quantity: 3 }],
    backorderedAt: '2026-03-02T09:31:01.000Z',
    status: 'BACKORDERED',
  },
};
const allocatedRest: ServiceEvent = {
  type: 'OrderAllocated',
  data: { ...ref, shipments: [teaShipment], allocatedAt: '2026-03-03T10:00:00.000Z', status: 'ALLOCATED' },
};
const pickedUp = (shipment: typeof mugShipment, at: string): ServiceEvent => ({
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
const dispatched = (shipment: typeof mugShipment, status: 'SHIPPED' | 'PARTIALLY_SHIPPED', at: string): ServiceEvent => ({
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
const shipmentDelivered = (shipment: typeof mugShipment, at: string): ServiceEvent => ({
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
const orderShipmentDelivered = (shipment: typeof mugShipment, status: 'SHIPPED' | 'DELIVERED' | 'PARTIALLY_SHIPPED', at: string): ServiceEvent => ({
  type: 'OrderShipmentDelivered',
  data: { ...ref, shipmentId: shipment.shipmentId, lines: shipment.lines, deliveredAt: at, status },
});
const fullyDelivered = [
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

describe('the order reducer', () => {
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
        { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250, allocated: 0, backordered: 0, shipped: 0, delivered: 0, returned: 0 },
        { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899, allocated: 0, backordered: 0, shipped: 0, delivered: 0, returned: 0 },
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
  });

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
      const doc = fold(placed, confirmed, backordered, {
        type: 'OrderBackorderPartlyFilled',
        data: {
          ...ref,
          shipments: [{ shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] }],
          backordered: [{ sku: 'TEA-GREEN', quantity: 2 }],
          filledAt: '2026-03-03T08:00:00.000Z',
          status: 'BACKORDERED',
        },
      });
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

  describe('after-sales', () => {
    const rma = { rmaNumber: 'RMA-000001', ...ref };
    const authorized: ServiceEvent = {
      type: 'ReturnAuthorized',
      data: {
        ...rma,
        lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit', unitPriceMinor: 899 }],
        resolution: 'REFUND',
        currency: 'EUR',
        returnBy: '2026-03-20',
        authorizedAt: '2026-03-05T09:00:00.000Z',
      },
    };

    it('a refunded return shows what came back, in which condition, and the money returned', () => {
      const doc = fold(
        ...fullyDelivered,
        authorized,
        {
          type: 'ReturnReceived',
          data: {
            ...rma,
            warehouseId: 'WH-HAM',
            lines: [
              { sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' },
              { sku: 'TEA-GREEN', quantity: 1, condition: 'DAMAGED' },
            ],
            receivedAt: '2026-03-08T09:00:00.000Z',
          },
        },
        {
          type: 'RefundIssued',
          data: { ...ref, rmaNumber: 'RMA-000001', amountMinor: 1798, currency: 'EUR', reason: 'RETURN', issuedAt: '2026-03-08T09:00:01.000Z' },
        },
      );
      expect(doc.returns).toEqual([
        expect.objectContaining({
          rmaNumber: 'RMA-000001',
          status: 'REFUNDED',
          refundMinor: 1798,
          receivedAt: '2026-03-08T09:00:00.000Z',
          lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit', unitPriceMinor: 899, received: 2, resellable: 1, damaged: 1 }],
        }),
      ]);
      expect(line(doc, 'TEA-GREEN').returned).toBe(2);
      expect(doc.refundedMinor).toBe(1798);
      expect(doc.status).toBe('DELIVERED');
    });

    it('an exchange moves to EXCHANGED and its replacement shipment does not count as the order shipping again', () => {
      const exchange = { ...authorized, data: { ...authorized.data, resolution: 'EXCHANGE' as const } } as ServiceEvent;
      const replacement = { shipmentId: 'RMA-000001-1', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2 }] };
      const doc = fold(
        ...fullyDelivered,
        exchange,
        {
          type: 'ReturnReceived',
          data: { ...rma, warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2, condition: 'DAMAGED' }], receivedAt: '2026-03-08T09:00:00.000Z' },
        },
        {
          type: 'ExchangeReplacementRequested',
          data: { ...rma, lines: replacement.lines, shipTo: address, promisedBy: '2026-03-12', requestedAt: '2026-03-08T09:00:01.000Z' },
        },
        {
          type: 'StockAllocated',
          data: {
            reservationId: 'RMA-000001',
            ...ref,
            purpose: 'EXCHANGE',
            rmaNumber: 'RMA-000001',
            shipTo: address,
            promisedBy: '2026-03-12',
            shipments: [replacement],
            backordered: [],
            allocatedAt: '2026-03-08T09:01:00.000Z',
          },
        },
        {
          type: 'ShipmentPickedUp',
          data: {
            ...shipmentRef('RMA-000001-1', 'EXCHANGE', 'RMA-000001'),
            carrier: 'ParcelNet',
            trackingNumber: 'PN-X',
            warehouseId: 'WH-HAM',
            lines: replacement.lines,
            pickedUpAt: '2026-03-09T10:00:00.000Z',
          },
        },
        {
          type: 'ExchangeShipped',
          data: { ...rma, shipmentId: 'RMA-000001-1', carrier: 'ParcelNet', trackingNumber: 'PN-X', shippedAt: '2026-03-09T10:00:00.000Z' },
        },
      );
      expect(doc.returns[0]).toMatchObject({
        status: 'EXCHANGED',
        resolution: 'EXCHANGE',
        exchange: { shipmentId: 'RMA-000001-1', carrier: 'ParcelNet', trackingNumber: 'PN-X', shippedAt: '2026-03-09T10:00:00.000Z' },
      });
      expect(shipmentOf(doc, 'RMA-000001-1')).toMatchObject({ purpose: 'EXCHANGE', rmaNumber: 'RMA-000001', status: 'PICKED_UP' });
      expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 3, shipped: 3, delivered: 3, returned: 2 });
    });

    it('a return waiting for its delivery shows as AWAITING_DELIVERY, then as decided', () => {
      const awaiting: ServiceEvent = {
        type: 'ReturnAwaitingDelivery',
        data: {
          ...rma,
          lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit' }],
          resolution: 'REFUND',
          awaiting: ['SKU TEA-GREEN has not been delivered'],
          awaitDeliveryUntil: '2026-03-08T09:00:00.000Z',
          requestedAt: '2026-03-05T09:00:00.000Z',
        },
      };
      const waiting = fold(placed, confirmed, awaiting);
      expect(waiting.returns).toMatchObject([
        { rmaNumber: 'RMA-000001', status: 'AWAITING_DELIVERY', lines: [{ sku: 'TEA-GREEN', quantity: 2, unitPriceMinor: null, received: 0 }] },
      ]);
      expect(fold(placed, confirmed, awaiting, authorized).returns).toMatchObject([{ status: 'AUTHORIZED', lines: [{ unitPriceMinor: 899 }] }]);
    });

    it('a rejected return is kept with its reason', () => {
      const doc = fold(...fullyDelivered, {
        type: 'ReturnRejected',
        data: {
          ...rma,
          lines: [{ sku: 'MUG-RED', quantity: 5, reason: 'too many' }],
          resolution: 'REFUND',
          reason: 'asks for more than was delivered',
          rejectedAt: '2026-03-05T09:00:00.000Z',
        },
      });
      expect(doc.returns[0]).toMatchObject({ status: 'REJECTED', rejectionReason: 'asks for more than was delivered' });
      expect(line(doc, 'MUG-RED').returned).toBe(0);
    });

    it('a complaint is opened, acknowledged with a deadline and resolved with goodwill', () => {
      const complaint = { complaintId: 'CMP-000001', ...ref };
      const doc = fold(
        ...fullyDelivered,
        {
          type: 'ComplaintOpened',
          data: { ...complaint, category: 'late', message: 'late again', source: 'CUSTOMER', openedAt: '2026-03-05T08:00:00.000Z' },
        },
        { type: 'ComplaintAcknowledged', data: { ...complaint, resolveBy: '2026-03-07T08:00:00.000Z', acknowledgedAt: '2026-03-05T08:00:00.000Z' } },
      );
      expect(doc.complaints[0]).toMatchObject({ status: 'OPEN', resolveBy: '2026-03-07T08:00:00.000Z' });
      const resolved = foldOrder(doc, [
        stored({
          type: 'ComplaintResolved',
          data: { ...complaint, resolution: 'voucher', goodwillRefundMinor: 500, currency: 'EUR', resolvedAt: '2026-03-06T08:00:00.000Z' },
        }),
        stored({
          type: 'RefundIssued',
          data: { ...ref, complaintId: 'CMP-000001', amountMinor: 500, currency: 'EUR', reason: 'GOODWILL', issuedAt: '2026-03-06T08:00:00.000Z' },
        }),
      ])!;
      expect(resolved.complaints[0]).toMatchObject({ status: 'RESOLVED', resolution: 'voucher', goodwillRefundMinor: 500 });
      expect(resolved.refunds).toEqual([
        { amountMinor: 500, currency: 'EUR', reason: 'GOODWILL', rmaNumber: null, complaintId: 'CMP-000001', issuedAt: '2026-03-06T08:00:00.000Z' },
      ]);
    });

    it('a return for an order never placed makes a document without an order number', () => {
      const doc = fold({
        type: 'ReturnRejected',
        data: { ...rma, lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'x' }], resolution: 'REFUND', reason: 'unknown order', rejectedAt: placedAt },
      });
      expect(doc).toMatchObject({ orderId, orderNumber: null, placedAt: null, status: null, channel: 'webshop' });
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
