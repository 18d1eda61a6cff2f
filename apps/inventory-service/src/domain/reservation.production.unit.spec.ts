import { deciderSpec } from '@orderflow/decider';
import { productionComplete, ReservationEvent, reservationDecider, ReservationRef } from './reservation.decider';
import { stockCommandsFor } from './reservation-to-stock';

/** A reservation held for its made-to-order lines (docs/adr/0039). */
const spec = deciderSpec(reservationDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref: ReservationRef = { reservationId: orderId, orderId, channel: 'webshop', externalOrderId: 'W-1001', purpose: 'ORDER' };
const shipTo = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' };
const lines = [
  { sku: 'MUG-CUSTOM', quantity: 2 },
  { sku: 'PLATE-CUSTOM', quantity: 1 },
  { sku: 'TEA-GREEN', quantity: 3 },
];
const productionOrders = [
  { productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', quantity: 2, warehouseId: 'WH-BER' },
  { productionOrderId: 'OF-000001-P2', sku: 'PLATE-CUSTOM', quantity: 1, warehouseId: 'WH-BER' },
];
const hold = {
  type: 'HoldForProduction' as const,
  ref,
  orderNumber: 'OF-000001',
  shipTo,
  promisedBy: '2026-03-12',
  lines,
  placedAt: '2026-03-02T09:29:00.000Z',
  productionOrders,
  now,
};
const held: ReservationEvent = {
  type: 'ReservationHeldForProduction',
  data: { ...ref, orderNumber: 'OF-000001', shipTo, promisedBy: '2026-03-12', lines, placedAt: '2026-03-02T09:29:00.000Z', productionOrders, heldAt: at },
};
const made = (productionOrderId: string): ReservationEvent => ({ type: 'ReservationProductionCompleted', data: { ...ref, productionOrderId, completedAt: at } });
const recordMade = (productionOrderId: string) => ({ type: 'RecordProductionCompleted' as const, productionOrderId, now });
const allocateAll = {
  type: 'Allocate' as const,
  ref,
  orderNumber: 'OF-000001',
  shipTo,
  promisedBy: '2026-03-12',
  shipments: [{ warehouseId: 'WH-BER', lines }],
  backordered: [],
  now,
};

describe('reservation decider: held for production', () => {
  it('holds the order with every line and the production orders it waits for, reserving nothing', () => {
    spec.given([]).when(hold).then([held]);
    expect(stockCommandsFor(held, spec.stateAfter([held]))).toEqual([]);
  });

  it('holds it once however often the order arrives', () => {
    spec.given([held]).when(hold).thenNothing();
  });

  it('records each production order made, once, and is complete when all are', () => {
    spec.given([held]).when(recordMade('OF-000001-P1')).then([made('OF-000001-P1')]);
    spec.given([held, made('OF-000001-P1')]).when(recordMade('OF-000001-P1')).thenNothing();
    expect(productionComplete(spec.stateAfter([held, made('OF-000001-P1')]))).toBe(false);
    expect(productionComplete(spec.stateAfter([held, made('OF-000001-P1'), made('OF-000001-P2')]))).toBe(true);
  });

  it('refuses a completion of a production order it does not wait for', () => {
    spec.given([held]).when(recordMade('OF-000099-P1')).thenRefuses('unknown-production-order', /OF-000099-P1/);
  });

  it('refuses to allocate while a production order is still being made', () => {
    spec.given([held, made('OF-000001-P1')]).when(allocateAll).thenRefuses('production-pending');
  });

  it('allocates the whole order once everything is made, naming its shipments after the order', () => {
    spec
      .given([held, made('OF-000001-P1'), made('OF-000001-P2')])
      .when(allocateAll)
      .thenMatches([{ type: 'StockAllocated', data: expect.objectContaining({ orderNumber: 'OF-000001', shipments: [{ shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines }] }) }]);
  });

  it('releases a held order on cancellation with nothing to give back, and keeps what it waited for', () => {
    const released: ReservationEvent = {
      type: 'ReservationReleased',
      data: { ...ref, releasedShipments: [], withdrawnBackorders: [], reason: 'changed my mind', releasedAt: at },
    };
    spec.given([held]).when({ type: 'Release', reason: 'changed my mind', now }).then([released]);
    const after = spec.stateAfter([held, made('OF-000001-P1'), released]);
    expect(after.status).toBe('RELEASED');
    expect(after.held!.productionOrders.filter((p) => !p.completed).map((p) => p.productionOrderId)).toEqual(['OF-000001-P2']);
  });

  it('after a release, records no completion: the units stay unreserved stock', () => {
    const released: ReservationEvent = {
      type: 'ReservationReleased',
      data: { ...ref, releasedShipments: [], withdrawnBackorders: [], reason: 'changed my mind', releasedAt: at },
    };
    spec.given([held, released]).when(recordMade('OF-000001-P1')).thenNothing();
  });
});
