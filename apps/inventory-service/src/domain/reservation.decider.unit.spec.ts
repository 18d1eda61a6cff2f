import { deciderSpec } from '@orderflow/decider';
import { ReservationEvent, reservationDecider, reservationIdOf, ReservationRef, shipmentOf } from './reservation.decider';

const spec = deciderSpec(reservationDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref: ReservationRef = { reservationId: orderId, orderId, channel: 'webshop', externalOrderId: 'W-1001', purpose: 'ORDER' };
const exchangeRef: ReservationRef = { ...ref, reservationId: 'RMA-000042', purpose: 'EXCHANGE', rmaNumber: 'RMA-000042' };
const shipTo = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' };
const terms = { shipTo, promisedBy: '2026-03-04' };

const allocate = (shipments: { warehouseId: string; lines: { sku: string; quantity: number }[] }[], backordered: { sku: string; quantity: number }[] = []) => ({
  type: 'Allocate' as const,
  ref,
  orderNumber: 'OF-000001',
  ...terms,
  shipments,
  backordered,
  now,
});

const allocated = (
  shipments: { shipmentId: string; warehouseId: string; lines: { sku: string; quantity: number }[] }[],
  backordered: { sku: string; quantity: number }[] = [],
): ReservationEvent => ({
  type: 'StockAllocated',
  data: { ...ref, orderNumber: 'OF-000001', ...terms, shipments, backordered, allocatedAt: at },
});

const splitWithBackorder = allocated(
  [
    { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] },
    { shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] },
  ],
  [{ sku: 'TEA-GREEN', quantity: 3 }],
);

describe('reservation decider', () => {
  describe('allocation', () => {
    it('names one shipment per warehouse <orderNumber>-<n>, counting from 1, and lists what waits', () => {
      spec
        .given([])
        .when(
          allocate(
            [
              { warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] },
              { warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] },
            ],
            [{ sku: 'TEA-GREEN', quantity: 3 }],
          ),
        )
        .then([splitWithBackorder]);
    });

    it('names an exchange replacement after its RMA number', () => {
      spec
        .given([])
        .when({ ...allocate([{ warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1 }] }]), ref: exchangeRef, orderNumber: undefined })
        .then([
          {
            type: 'StockAllocated',
            data: {
              ...exchangeRef,
              ...terms,
              shipments: [{ shipmentId: 'RMA-000042-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1 }] }],
              backordered: [],
              allocatedAt: at,
            },
          },
        ]);
    });

    it('allocates a reservation only once', () => {
      spec.given([splitWithBackorder]).when(allocate([{ warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] }])).thenNothing();
    });

    it('refuses an order allocation without an order number to name its shipments', () => {
      spec.given([]).when({ ...allocate([]), orderNumber: undefined }).thenRefuses('missing-shipment-prefix');
    });

    it('keys an order reservation by its orderId and an exchange by its RMA number', () => {
      expect(reservationIdOf({ purpose: 'ORDER', orderId, rmaNumber: undefined })).toBe(orderId);
      expect(reservationIdOf({ purpose: 'EXCHANGE', orderId, rmaNumber: 'RMA-000042' })).toBe('RMA-000042');
      expect(() => reservationIdOf({ purpose: 'EXCHANGE', orderId })).toThrow(/names no RMA number/);
    });
  });

  describe('backorder fills', () => {
    const fill = (quantity: number) => ({
      type: 'AllocateBackorder' as const,
      shipments: [{ warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity }] }],
      now,
    });

    it('continues the shipment numbering and lists what still waits, with the shipping terms of the reservation', () => {
      spec
        .given([splitWithBackorder])
        .when(fill(2))
        .then([
          {
            type: 'BackorderAllocated',
            data: {
              ...ref,
              ...terms,
              shipments: [{ shipmentId: 'OF-000001-3', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2 }] }],
              backordered: [{ sku: 'TEA-GREEN', quantity: 1 }],
              allocatedAt: at,
            },
          },
        ]);
    });

    it('names the first shipment of a fully backordered order <orderNumber>-1', () => {
      spec
        .given([allocated([], [{ sku: 'TEA-GREEN', quantity: 3 }])])
        .when(fill(3))
        .thenMatches([{ type: 'BackorderAllocated', data: expect.objectContaining({ shipments: [expect.objectContaining({ shipmentId: 'OF-000001-1' })], backordered: [] }) }]);
    });

    it('refuses to fill more than waits, and to fill a reservation that is not open', () => {
      spec.given([splitWithBackorder]).when(fill(4)).thenRefuses('backorder-overfilled');
      spec.given([]).when(fill(1)).thenRefuses('reservation-not-open');
    });
  });

  describe('release', () => {
    const release = { type: 'Release' as const, reason: 'ordered by mistake', now };
    const shippedFirst: ReservationEvent = { type: 'ReservationShipped', data: { ...ref, shipmentId: 'OF-000001-1', shippedAt: at } };

    it('releases the shipments not yet picked up and withdraws what waits', () => {
      spec
        .given([splitWithBackorder, shippedFirst])
        .when(release)
        .then([
          {
            type: 'ReservationReleased',
            data: {
              ...ref,
              releasedShipments: ['OF-000001-2'],
              withdrawnBackorders: [{ sku: 'TEA-GREEN', quantity: 3 }],
              reason: 'ordered by mistake',
              releasedAt: at,
            },
          },
        ]);
    });

    it('does nothing for a reservation that never existed or is already released', () => {
      spec.given([]).when(release).thenNothing();
      const released: ReservationEvent = {
        type: 'ReservationReleased',
        data: { ...ref, releasedShipments: ['OF-000001-1', 'OF-000001-2'], withdrawnBackorders: [], reason: 'r', releasedAt: at },
      };
      spec.given([splitWithBackorder, released]).when(release).thenNothing();
      expect(spec.stateAfter([splitWithBackorder, released])).toMatchObject({ status: 'RELEASED', backordered: [] });
    });
  });

  describe('pick-up', () => {
    const ship = { type: 'Ship' as const, shipmentId: 'OF-000001-1', now };

    it('records a shipment leaving the warehouse once', () => {
      const shipped: ReservationEvent = { type: 'ReservationShipped', data: { ...ref, shipmentId: 'OF-000001-1', shippedAt: at } };
      spec.given([splitWithBackorder]).when(ship).then([shipped]);
      spec.given([splitWithBackorder, shipped]).when(ship).thenNothing();
    });

    it('refuses a pick-up of a shipment it never allocated', () => {
      spec.given([splitWithBackorder]).when({ ...ship, shipmentId: 'OF-000001-9' }).thenRefuses('unknown-shipment');
      spec.given([]).when(ship).thenRefuses('unknown-reservation');
    });
  });

  describe('return to sender', () => {
    const shipped: ReservationEvent = { type: 'ReservationShipped', data: { ...ref, shipmentId: 'OF-000001-1', shippedAt: at } };
    const backToStock = { type: 'ReturnShipmentToStock' as const, shipmentId: 'OF-000001-1', now };
    const returned: ReservationEvent = {
      type: 'ReservationShipmentReturned',
      data: { ...ref, shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }], returnedAt: at },
    };

    it('takes a shipped parcel the carrier brought back into the stock of its warehouse, once', () => {
      spec.given([splitWithBackorder, shipped]).when(backToStock).then([returned]);
      spec.given([splitWithBackorder, shipped, returned]).when(backToStock).thenNothing();
    });

    it('refuses to restock a shipment that never left, or that it never allocated', () => {
      spec.given([splitWithBackorder]).when(backToStock).thenRefuses('not-shipped', /OF-000001-1 was never picked up/);
      spec.given([splitWithBackorder, shipped]).when({ ...backToStock, shipmentId: 'OF-000001-9' }).thenRefuses('unknown-shipment');
      spec.given([]).when(backToStock).thenRefuses('unknown-reservation');
    });
  });

  describe('a shipment cancelled by shipping', () => {
    it('names the warehouse and lines whose stock the cancellation frees', () => {
      const state = spec.stateAfter([splitWithBackorder]);
      expect(shipmentOf(state, 'OF-000001-2')).toMatchObject({ warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] });
      expect(() => shipmentOf(state, 'OF-000001-9')).toThrow(/has no shipment OF-000001-9/);
    });
  });
});
