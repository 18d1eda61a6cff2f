import { StoredEvent } from '@orderflow/event-store';
import { foldBackorders, stockChanges } from './inventory.projection';

let position = 0;
const stored = (type: string, data: Record<string, unknown>): StoredEvent => {
  position += 1;
  return {
    globalPosition: position,
    transactionId: String(position),
    streamId: `stock-${String(data.sku)}`,
    streamVersion: position,
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    recordedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, position)),
    prevHash: '',
    hash: '',
  };
};
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const at = { sku: 'MUG', warehouseId: 'WH-1' };

describe('the inventory projection', () => {
  it('adds up stock movements per SKU and warehouse by the contract formulas', () => {
    const { stock } = stockChanges([
      stored('StockReceived', { ...at, quantity: 10 }),
      stored('StockAdjusted', { ...at, quantityDelta: -2, reason: 'count' }),
      stored('StockAdjustmentRefused', { ...at, quantityDelta: -50, reason: 'count', refusal: 'below reserved' }),
      stored('StockReserved', { ...at, quantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' }),
      stored('StockReserved', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2' }),
      stored('StockReservationReleased', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2', reason: 'cancelled' }),
      stored('StockShipped', { ...at, quantity: 3, reservedQuantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' }),
      stored('StockRestocked', { ...at, quantity: 1, rmaNumber: 'RMA-1' }),
      stored('DamagedReturnRecorded', { ...at, quantity: 1, rmaNumber: 'RMA-2' }),
      stored('StockReceived', { sku: 'MUG', warehouseId: 'WH-2', quantity: 4 }),
      stored('OrderPlaced', { orderId }),
    ]);
    expect(stock).toEqual([
      { sku: 'MUG', warehouseId: 'WH-1', onHand: 6, reserved: 0, received: 10, adjusted: -2, restocked: 1, shipped: 3, damaged: 1 },
      { sku: 'MUG', warehouseId: 'WH-2', onHand: 4, reserved: 0, received: 4, adjusted: 0, restocked: 0, shipped: 0, damaged: 0 },
    ]);
  });

  it('counts the daily demand per SKU and warehouse: reserved, released and shipped units by UTC day of recording', () => {
    const on = (day: number, event: StoredEvent): StoredEvent => ({ ...event, recordedAt: new Date(Date.UTC(2026, 2, day, 23, 59)) });
    const { demand } = stockChanges([
      on(2, stored('StockReserved', { ...at, quantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' })),
      on(2, stored('StockReserved', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2' })),
      on(3, stored('StockReservationReleased', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2', reason: 'cancelled' })),
      on(3, stored('StockShipped', { ...at, quantity: 3, reservedQuantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' })),
      on(3, stored('StockReserved', { sku: 'MUG', warehouseId: 'WH-2', quantity: 1, reservationId: 'r3', orderId, shipmentId: 's3' })),
      // Receipts and adjustments are supply, not demand.
      on(3, stored('StockReceived', { ...at, quantity: 10 })),
    ]);
    expect(demand).toEqual([
      { sku: 'MUG', warehouseId: 'WH-1', day: '2026-03-02', ordered: 5, released: 0, shipped: 0 },
      { sku: 'MUG', warehouseId: 'WH-1', day: '2026-03-03', ordered: 0, released: 2, shipped: 3 },
      { sku: 'MUG', warehouseId: 'WH-2', day: '2026-03-03', ordered: 1, released: 0, shipped: 0 },
    ]);
  });

  it('keeps the backorder queue: queued, partly filled, then withdrawn', () => {
    const queued = stored('BackorderQueued', { sku: 'MUG', quantity: 5, reservationId: 'r1', orderId, placedAt: '2026-03-01T08:00:00.000Z' });
    const afterQueue = foldBackorders([], [queued]);
    expect([...afterQueue.values()]).toEqual([
      { reservationId: 'r1', sku: 'MUG', orderId, quantity: 5, placedAt: '2026-03-01T08:00:00.000Z', queuedAt: queued.recordedAt.toISOString() },
    ]);
    const filled = foldBackorders([...afterQueue.values()], [stored('BackorderFilled', { ...at, quantity: 2, reservationId: 'r1', orderId, shipmentId: 's3' })]);
    expect(filled.get('r1\u0000MUG')!.quantity).toBe(3);
    const withdrawn = foldBackorders([...filled.values()], [stored('BackorderWithdrawn', { sku: 'MUG', quantity: 3, reservationId: 'r1', orderId })]);
    expect(withdrawn.get('r1\u0000MUG')!.quantity).toBe(0);
  });
});
