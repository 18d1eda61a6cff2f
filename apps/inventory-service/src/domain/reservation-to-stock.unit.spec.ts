import { fold } from '@orderflow/decider';
import { ReservationEvent, reservationDecider, ReservationRef } from './reservation.decider';
import { stockCommandsFor } from './reservation-to-stock';
import { StockCommand } from './stock.decider';

const at = '2026-03-02T09:30:00.000Z';
const placedAt = '2026-03-02T09:29:58.000Z';
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref: ReservationRef = { reservationId: orderId, orderId, channel: 'webshop', externalOrderId: 'W-1001', purpose: 'ORDER' };
const exchangeRef: ReservationRef = { ...ref, reservationId: 'RMA-000042', purpose: 'EXCHANGE', rmaNumber: 'RMA-000042' };
const terms = { shipTo: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, promisedBy: '2026-03-04' };
const reservation = { reservationId: orderId, orderId };

const mugsFromBerlin = { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }, { sku: 'MUG-BLUE', quantity: 1 }] };
const teaFromHamburg = { shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] };
const allocated: ReservationEvent = {
  type: 'StockAllocated',
  data: {
    ...ref,
    orderNumber: 'OF-000001',
    ...terms,
    shipments: [mugsFromBerlin, teaFromHamburg],
    backordered: [{ sku: 'TEA-GREEN', quantity: 3 }],
    allocatedAt: at,
  },
};
const backorderFilled: ReservationEvent = {
  type: 'BackorderAllocated',
  data: {
    ...ref,
    ...terms,
    shipments: [{ shipmentId: 'OF-000001-3', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2 }] }],
    backordered: [{ sku: 'TEA-GREEN', quantity: 1 }],
    allocatedAt: at,
  },
};
const shipped = (shipmentId: string): ReservationEvent => ({ type: 'ReservationShipped', data: { ...ref, shipmentId, shippedAt: at } });

/** Given the reservation's history, when this event is decided, then these stock commands follow. */
const given = (history: ReservationEvent[]) => ({
  when: (event: ReservationEvent, queuedAt?: string) => {
    const commands = () => stockCommandsFor(event, fold(reservationDecider, [...history, event]), queuedAt);
    return {
      then: (expected: StockCommand[]) => expect(commands()).toEqual(expected),
      thenNothing: () => expect(commands()).toEqual([]),
      thenFails: (message: RegExp) => expect(commands).toThrow(message),
    };
  },
});

describe('reservation to stock', () => {
  describe('an allocation', () => {
    it('reserves every line of every shipment at its warehouse, then queues what waits at the order’s place in line', () => {
      given([])
        .when(allocated, placedAt)
        .then([
          { type: 'ReserveStock', sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 2, ...reservation, shipmentId: 'OF-000001-1' },
          { type: 'ReserveStock', sku: 'MUG-BLUE', warehouseId: 'WH-BER', quantity: 1, ...reservation, shipmentId: 'OF-000001-1' },
          { type: 'ReserveStock', sku: 'TEA-GREEN', warehouseId: 'WH-HAM', quantity: 1, ...reservation, shipmentId: 'OF-000001-2' },
          { type: 'QueueBackorder', sku: 'TEA-GREEN', quantity: 3, ...reservation, placedAt },
        ]);
    });

    it('reserves an exchange replacement under its RMA number, for its order', () => {
      const replacement: ReservationEvent = {
        type: 'StockAllocated',
        data: {
          ...exchangeRef,
          ...terms,
          shipments: [{ shipmentId: 'RMA-000042-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1 }] }],
          backordered: [],
          allocatedAt: at,
        },
      };
      given([])
        .when(replacement)
        .then([
          { type: 'ReserveStock', sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 1, reservationId: 'RMA-000042', orderId, shipmentId: 'RMA-000042-1' },
        ]);
    });

    it('cannot queue backorders without the order’s place in line', () => {
      given([]).when(allocated).thenFails(/no queue position/);
    });
  });

  describe('a backorder fill', () => {
    it('fills the queued backorder line by line, at the warehouse of each new shipment', () => {
      given([allocated])
        .when(backorderFilled)
        .then([{ type: 'FillBackorder', sku: 'TEA-GREEN', warehouseId: 'WH-HAM', quantity: 2, reservationId: orderId, shipmentId: 'OF-000001-3' }]);
    });
  });

  describe('a shipment leaving', () => {
    it('ships every line of that shipment only, from its warehouse, as the reservation holds it', () => {
      given([allocated])
        .when(shipped('OF-000001-1'))
        .then([
          { type: 'ShipStock', sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 2, ...reservation, shipmentId: 'OF-000001-1' },
          { type: 'ShipStock', sku: 'MUG-BLUE', warehouseId: 'WH-BER', quantity: 1, ...reservation, shipmentId: 'OF-000001-1' },
        ]);
    });

    it('ships a shipment that a backorder fill made', () => {
      given([allocated, backorderFilled])
        .when(shipped('OF-000001-3'))
        .then([{ type: 'ShipStock', sku: 'TEA-GREEN', warehouseId: 'WH-HAM', quantity: 2, ...reservation, shipmentId: 'OF-000001-3' }]);
    });
  });

  describe('a release', () => {
    it('withdraws what waits, and leaves released shipments held until shipping confirms them cancelled', () => {
      given([allocated])
        .when({
          type: 'ReservationReleased',
          data: { ...ref, releasedShipments: ['OF-000001-1', 'OF-000001-2'], withdrawnBackorders: [{ sku: 'TEA-GREEN', quantity: 3 }], reason: 'cancelled', releasedAt: at },
        })
        .then([{ type: 'WithdrawBackorder', sku: 'TEA-GREEN', reservationId: orderId }]);
    });

    it('asks nothing of stock when nothing waits', () => {
      given([{ ...allocated, data: { ...allocated.data, backordered: [] } } as ReservationEvent])
        .when({ type: 'ReservationReleased', data: { ...ref, releasedShipments: ['OF-000001-1'], withdrawnBackorders: [], reason: 'cancelled', releasedAt: at } })
        .thenNothing();
    });
  });

  describe('a parcel returned to sender', () => {
    it('restocks its lines at the warehouse it left, under its shipment id', () => {
      given([allocated, shipped('OF-000001-1')])
        .when({
          type: 'ReservationShipmentReturned',
          data: { ...ref, shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: mugsFromBerlin.lines, returnedAt: at },
        })
        .then([
          { type: 'RestockReturn', sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 2, shipmentId: 'OF-000001-1' },
          { type: 'RestockReturn', sku: 'MUG-BLUE', warehouseId: 'WH-BER', quantity: 1, shipmentId: 'OF-000001-1' },
        ]);
    });
  });
});
