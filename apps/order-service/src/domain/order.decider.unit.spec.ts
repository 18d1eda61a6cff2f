import { OrderEvent } from '@orderflow/contracts';
import { deciderSpec } from '@orderflow/decider';
import { OrderCatalog, orderDecider, Submission } from './order.decider';

const spec = deciderSpec(orderDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };

const submission: Submission = {
  channel: 'webshop',
  externalOrderId: 'W-1001',
  customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' },
  lines: [
    { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250 },
    { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
  ],
  currency: 'EUR',
};
const catalog: OrderCatalog = {
  channel: { currencies: ['EUR', 'GBP'], paymentMode: 'prepaid', priceCheck: 'off', authorizationTimeoutMinutes: 30 },
  knownSkus: new Set(['MUG-RED', 'TEA-GREEN']),
  leadTimeDays: 2,
  prices: new Map(),
};
const place = (overrides: Partial<Submission> = {}, cat: Partial<OrderCatalog> = {}) => ({
  type: 'PlaceOrder' as const,
  orderId,
  orderNumber: 'OF-000001',
  submission: { ...submission, ...overrides },
  catalog: { ...catalog, ...cat },
  now,
});

const document = {
  ...ref,
  orderNumber: 'OF-000001',
  customer: submission.customer,
  shippingAddress: submission.shippingAddress,
  lines: submission.lines,
  currency: 'EUR',
  totalMinor: 3399,
  placedAt: at,
};
const placed: OrderEvent = { type: 'OrderPlaced', data: { ...document, status: 'PLACED' } };
const confirmed: OrderEvent = {
  type: 'OrderConfirmed',
  data: { ...document, confirmedAt: at, estimatedDeliveryDate: '2026-03-04', paymentMode: 'prepaid', status: 'CONFIRMED' },
};
const shipment = (shipmentId: string, warehouseId: string, lines = [{ sku: 'MUG-RED', quantity: 2 }]) => ({
  shipmentId,
  warehouseId,
  lines,
});
const allocatedTwoWarehouses: OrderEvent = {
  type: 'OrderAllocated',
  data: {
    ...ref,
    shipments: [shipment('OF-000001-1', 'WH-BER'), shipment('OF-000001-2', 'WH-HAM', [{ sku: 'TEA-GREEN', quantity: 1 }])],
    allocatedAt: at,
    status: 'ALLOCATED',
  },
};
const pickUp = (shipmentId: string) => ({
  type: 'RecordPickUp' as const,
  shipmentId,
  warehouseId: 'WH-BER',
  carrier: 'ParcelNet',
  trackingNumber: `PN-${shipmentId}`,
  lines: [{ sku: 'MUG-RED', quantity: 2 }],
  now,
});
const dispatched = (shipmentId: string, status: 'SHIPPED' | 'PARTIALLY_SHIPPED', lines = [{ sku: 'MUG-RED', quantity: 2 }]): OrderEvent => ({
  type: 'OrderShipmentDispatched',
  data: { ...ref, shipmentId, carrier: 'ParcelNet', trackingNumber: `PN-${shipmentId}`, lines, status, dispatchedAt: at },
});
const delivery = (shipmentId: string, lines = [{ sku: 'MUG-RED', quantity: 2 }]) => ({
  type: 'RecordDelivery' as const,
  shipmentId,
  warehouseId: 'WH-BER',
  lines,
  deliveredAt: '2026-03-04T15:00:00.000Z',
});

describe('order decider', () => {
  describe('receipt and confirmation', () => {
    it('places and confirms a valid order with its total and an estimated delivery date from the lead time', () => {
      const [, , paid] = spec.given([]).when(place()).events();
      spec.given([]).when(place()).then([placed, confirmed, paid]);
      // The channel is prepaid: its checkout took the whole total (order-payments.unit.spec.ts).
      expect(paid).toMatchObject({ type: 'OrderPaymentCaptured', data: { amountMinor: 3399, source: 'CHANNEL' } });
    });

    it('keeps a later requested delivery date as the estimate', () => {
      const events = spec.given([]).when(place({ requestedDeliveryDate: '2026-03-20' })).events();
      expect(events[1]).toMatchObject({ type: 'OrderConfirmed', data: { estimatedDeliveryDate: '2026-03-20' } });
    });

    it('does not promise an earlier date than the lead time allows', () => {
      const events = spec.given([]).when(place({ requestedDeliveryDate: '2026-03-03' })).events();
      expect(events[1]).toMatchObject({ type: 'OrderConfirmed', data: { estimatedDeliveryDate: '2026-03-04' } });
    });

    it('treats the same order submitted again as one order', () => {
      spec.given([placed, confirmed]).when(place()).thenNothing();
    });

    it('rejects an order naming an SKU no warehouse has stocked', () => {
      spec
        .given([])
        .when(place({}, { knownSkus: new Set(['MUG-RED']) }))
        .thenMatches([
          { type: 'OrderPlaced' },
          { type: 'OrderRejected', data: expect.objectContaining({ reasons: ['SKU TEA-GREEN is not stocked by any warehouse'], status: 'REJECTED' }) },
        ]);
    });

    it('rejects a duplicate line, a currency the channel does not use and an unknown channel, giving every reason', () => {
      const lines = [...submission.lines, { sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1250 }];
      const [, rejected] = spec.given([]).when(place({ lines, currency: 'USD' })).events();
      expect(rejected).toMatchObject({
        type: 'OrderRejected',
        data: {
          reasons: ['currency USD is not used by channel "webshop" (it uses EUR, GBP)', 'SKU MUG-RED appears on more than one line'],
        },
      });
      const [, unknownChannel] = spec.given([]).when(place({}, { channel: undefined })).events();
      expect(unknownChannel).toMatchObject({ data: { reasons: ['channel "webshop" is not configured'] } });
    });
  });

  describe('allocation', () => {
    it('records a full allocation as ALLOCATED', () => {
      spec
        .given([placed, confirmed])
        .when({ type: 'RecordAllocation', shipments: allocatedTwoWarehouses.data.shipments as never, backordered: [], now })
        .then([allocatedTwoWarehouses]);
    });

    it('enters BACKORDERED when some quantity waits, and is ALLOCATED once the backorder is filled', () => {
      const backordered: OrderEvent = {
        type: 'OrderBackordered',
        data: { ...ref, shipments: [shipment('OF-000001-1', 'WH-BER')], backordered: [{ sku: 'TEA-GREEN', quantity: 1 }], backorderedAt: at, status: 'BACKORDERED' },
      };
      spec
        .given([placed, confirmed])
        .when({ type: 'RecordAllocation', shipments: [shipment('OF-000001-1', 'WH-BER')], backordered: [{ sku: 'TEA-GREEN', quantity: 1 }], now })
        .then([backordered]);
      spec
        .given([placed, confirmed, backordered])
        .when({ type: 'RecordAllocation', shipments: [shipment('OF-000001-2', 'WH-HAM', [{ sku: 'TEA-GREEN', quantity: 1 }])], backordered: [], now })
        .thenMatches([{ type: 'OrderAllocated', data: expect.objectContaining({ status: 'ALLOCATED' }) }]);
    });

    it('stays BACKORDERED while a partly filled backorder still waits', () => {
      const backordered: OrderEvent = {
        type: 'OrderBackordered',
        data: { ...ref, shipments: [], backordered: [{ sku: 'MUG-RED', quantity: 2 }], backorderedAt: at, status: 'BACKORDERED' },
      };
      spec
        .given([placed, confirmed, backordered])
        .when({ type: 'RecordAllocation', shipments: [shipment('OF-000001-1', 'WH-BER', [{ sku: 'MUG-RED', quantity: 1 }])], backordered: [{ sku: 'MUG-RED', quantity: 1 }], now })
        .thenMatches([{ type: 'OrderBackorderPartlyFilled', data: expect.objectContaining({ status: 'BACKORDERED' }) }]);
    });

    it('ignores allocations of a cancelled order', () => {
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { ...ref, reason: 'changed mind', cancelledAt: at, status: 'CANCELLED' } };
      spec
        .given([placed, confirmed, cancelled])
        .when({ type: 'RecordAllocation', shipments: [shipment('OF-000001-1', 'WH-BER')], backordered: [], now })
        .thenNothing();
    });
  });

  describe('shipping and delivery', () => {
    it('is PARTIALLY_SHIPPED while another shipment waits, SHIPPED when all are picked up', () => {
      spec.given([placed, confirmed, allocatedTwoWarehouses]).when(pickUp('OF-000001-1')).then([dispatched('OF-000001-1', 'PARTIALLY_SHIPPED')]);
      spec
        .given([placed, confirmed, allocatedTwoWarehouses, dispatched('OF-000001-1', 'PARTIALLY_SHIPPED')])
        .when(pickUp('OF-000001-2'))
        .then([dispatched('OF-000001-2', 'SHIPPED')]);
    });

    it('is not SHIPPED while a backorder waits, even when every allocated shipment left', () => {
      const backordered: OrderEvent = {
        type: 'OrderBackordered',
        data: { ...ref, shipments: [shipment('OF-000001-1', 'WH-BER')], backordered: [{ sku: 'TEA-GREEN', quantity: 1 }], backorderedAt: at, status: 'BACKORDERED' },
      };
      spec.given([placed, confirmed, backordered]).when(pickUp('OF-000001-1')).then([dispatched('OF-000001-1', 'PARTIALLY_SHIPPED')]);
    });

    it('records a repeated pick-up once', () => {
      spec.given([placed, confirmed, allocatedTwoWarehouses, dispatched('OF-000001-1', 'PARTIALLY_SHIPPED')]).when(pickUp('OF-000001-1')).thenNothing();
    });

    it('records a pick-up that arrives before the allocation it belongs to', () => {
      spec.given([placed, confirmed]).when(pickUp('OF-000001-1')).then([dispatched('OF-000001-1', 'SHIPPED')]);
    });

    it('is DELIVERED only when every shipment is delivered', () => {
      const shippedBoth = [
        placed,
        confirmed,
        allocatedTwoWarehouses,
        dispatched('OF-000001-1', 'PARTIALLY_SHIPPED'),
        dispatched('OF-000001-2', 'SHIPPED', [{ sku: 'TEA-GREEN', quantity: 1 }]),
      ];
      spec
        .given(shippedBoth)
        .when(delivery('OF-000001-1'))
        .thenMatches([{ type: 'OrderShipmentDelivered', data: expect.objectContaining({ shipmentId: 'OF-000001-1', status: 'SHIPPED' }) }]);
      const firstDelivered: OrderEvent = {
        type: 'OrderShipmentDelivered',
        data: { ...ref, shipmentId: 'OF-000001-1', lines: [{ sku: 'MUG-RED', quantity: 2 }], deliveredAt: '2026-03-04T15:00:00.000Z', status: 'SHIPPED' },
      };
      spec
        .given([...shippedBoth, firstDelivered])
        .when(delivery('OF-000001-2', [{ sku: 'TEA-GREEN', quantity: 1 }]))
        .thenMatches([
          { type: 'OrderShipmentDelivered', data: expect.objectContaining({ status: 'DELIVERED' }) },
          { type: 'OrderDelivered', data: { ...ref, deliveredAt: '2026-03-04T15:00:00.000Z', status: 'DELIVERED' } },
        ]);
    });

    it('tells the customer about a delay, but not once the order is delivered', () => {
      const delay = { type: 'RecordDelay' as const, shipmentId: 'OF-000001-1', promisedBy: '2026-03-04', newEstimate: '2026-03-06', now };
      spec
        .given([placed, confirmed, allocatedTwoWarehouses])
        .when(delay)
        .then([{ type: 'OrderShipmentDelayed', data: { ...ref, shipmentId: 'OF-000001-1', promisedBy: '2026-03-04', newEstimate: '2026-03-06', delayedAt: at } }]);
      spec.given([placed, confirmed, { type: 'OrderDelivered', data: { ...ref, deliveredAt: at, status: 'DELIVERED' } }]).when(delay).thenNothing();
    });
  });

  describe('cancellation', () => {
    const cancel = { type: 'CancelOrder' as const, reason: 'ordered by mistake', now };

    it('cancels an allocated order before any pick-up', () => {
      spec
        .given([placed, confirmed, allocatedTwoWarehouses])
        .when(cancel)
        .then([{ type: 'OrderCancelled', data: { ...ref, reason: 'ordered by mistake', cancelledAt: at, status: 'CANCELLED' } }]);
    });

    it('refuses once a shipment has been picked up, suggesting a return', () => {
      spec
        .given([placed, confirmed, allocatedTwoWarehouses, dispatched('OF-000001-1', 'PARTIALLY_SHIPPED')])
        .when(cancel)
        .thenMatches([{ type: 'OrderCancellationRejected', data: expect.objectContaining({ reason: expect.stringMatching(/picked up by ParcelNet; request a return/) }) }]);
    });

    it('answers a rejected order that there is nothing to cancel, and changes nothing when already cancelled', () => {
      const rejected: OrderEvent = {
        type: 'OrderRejected',
        data: { ...ref, orderNumber: 'OF-000001', reasons: ['x'], rejectedAt: at, status: 'REJECTED' },
      };
      spec.given([placed, rejected]).when(cancel).thenMatches([{ type: 'OrderCancellationRejected' }]);
      spec
        .given([placed, confirmed, { type: 'OrderCancelled', data: { ...ref, reason: 'r', cancelledAt: at, status: 'CANCELLED' } }])
        .when(cancel)
        .thenNothing();
    });

    it('refuses to cancel an order that was never placed', () => {
      spec.given([]).when(cancel).thenRefuses('unknown-order');
    });

    describe('a pick-up that arrives after the cancellation won', () => {
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { ...ref, reason: 'r', cancelledAt: at, status: 'CANCELLED' } };
      const shippedAfter: OrderEvent = {
        type: 'OrderShippedAfterCancellation',
        data: {
          ...ref,
          shipmentId: 'OF-000001-1',
          carrier: 'ParcelNet',
          trackingNumber: 'PN-OF-000001-1',
          lines: [{ sku: 'MUG-RED', quantity: 2 }],
          dispatchedAt: at,
          status: 'CANCELLED',
        },
      };

      it('is recorded as goods that left a cancelled order, not passed over', () => {
        spec.given([placed, confirmed, allocatedTwoWarehouses, cancelled]).when(pickUp('OF-000001-1')).then([shippedAfter]);
      });

      it('is recorded once per shipment, and the order stays CANCELLED', () => {
        const given = [placed, confirmed, allocatedTwoWarehouses, cancelled, shippedAfter];
        spec.given(given).when(pickUp('OF-000001-1')).thenNothing();
        spec.given(given).when(pickUp('OF-000001-2')).thenMatches([{ type: 'OrderShippedAfterCancellation', data: expect.objectContaining({ shipmentId: 'OF-000001-2' }) }]);
        expect(spec.stateAfter(given).status).toBe('CANCELLED');
        spec.given(given).when(cancel).thenNothing();
      });

      it('is not recorded for a rejected order, which never had shipments', () => {
        const rejected: OrderEvent = { type: 'OrderRejected', data: { ...ref, orderNumber: 'OF-000001', reasons: ['x'], rejectedAt: at, status: 'REJECTED' } };
        spec.given([placed, rejected]).when(pickUp('OF-000001-1')).thenNothing();
      });
    });
  });
});
