import { RecordedStockEvent, stockMovements } from './stock-movements';

const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const at = { sku: 'MUG', warehouseId: 'WH-1' };
let n = 0;
const recorded = (day: number, type: string, data: Record<string, unknown>): RecordedStockEvent => ({
  eventId: `e-${++n}`,
  type,
  data,
  recordedAt: new Date(Date.UTC(2026, 2, day, 12)),
});

describe('stock movements: what stock events change of the levels and the daily demand', () => {
  it('adds up levels by the inventory formulas and demand per UTC day, remembering the last event per SKU and warehouse', () => {
    const events = [
      recorded(1, 'StockReceived', { ...at, quantity: 20 }),
      recorded(1, 'StockReserved', { ...at, quantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' }),
      recorded(1, 'StockReserved', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2' }),
      recorded(2, 'StockReservationReleased', { ...at, quantity: 2, reservationId: 'r2', orderId, shipmentId: 's2', reason: 'cancelled' }),
      recorded(2, 'StockShipped', { ...at, quantity: 3, reservedQuantity: 3, reservationId: 'r1', orderId, shipmentId: 's1' }),
      recorded(2, 'StockAdjusted', { ...at, quantityDelta: -1, reason: 'count' }),
      recorded(2, 'StockRestocked', { ...at, quantity: 1, rmaNumber: 'RMA-1' }),
      recorded(2, 'BackorderQueued', { sku: 'MUG', quantity: 4, reservationId: 'r3', orderId, placedAt: '2026-03-02T10:00:00.000Z' }),
      recorded(2, 'StockReserved', { sku: 'MUG', warehouseId: 'WH-2', quantity: 1, reservationId: 'r4', orderId, shipmentId: 's4' }),
    ];
    const { levels, demand } = stockMovements(events);
    expect(levels).toEqual([
      { sku: 'MUG', warehouseId: 'WH-1', onHand: 17, reserved: 0, last: events[6] },
      { sku: 'MUG', warehouseId: 'WH-2', onHand: 0, reserved: 1, last: events[8] },
    ]);
    expect(demand).toEqual([
      { sku: 'MUG', warehouseId: 'WH-1', day: '2026-03-01', ordered: 5, released: 0, shipped: 0 },
      { sku: 'MUG', warehouseId: 'WH-1', day: '2026-03-02', ordered: 0, released: 2, shipped: 3 },
      { sku: 'MUG', warehouseId: 'WH-2', day: '2026-03-02', ordered: 1, released: 0, shipped: 0 },
    ]);
  });
});
