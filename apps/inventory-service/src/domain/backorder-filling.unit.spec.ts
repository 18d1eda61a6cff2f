import { planBackorderFills, shipmentsByReservation } from './backorder-filling';
import { StockState } from './stock.decider';

const stock = (warehouses: StockState['warehouses'], backorders: [string, number, string][]): StockState => ({
  warehouses,
  backorders: backorders.map(([reservationId, quantity, placedAt]) => ({ reservationId, orderId: reservationId, quantity, placedAt })),
  held: {},
});

describe('backorder filling', () => {
  it('fills the oldest order first, giving it all there is before the next gets any', () => {
    const mug = stock({ 'WH-BER': { onHand: 4, reserved: 0 } }, [
      ['old', 3, '2026-03-01T10:00:00.000Z'],
      ['mid', 2, '2026-03-02T10:00:00.000Z'],
      ['new', 1, '2026-03-03T10:00:00.000Z'],
    ]);
    expect(planBackorderFills({ MUG: mug }, [{ sku: 'MUG', warehouseId: 'WH-BER' }])).toEqual([
      { reservationId: 'old', sku: 'MUG', warehouseId: 'WH-BER', quantity: 3 },
      { reservationId: 'mid', sku: 'MUG', warehouseId: 'WH-BER', quantity: 1 },
    ]);
  });

  it('fills nothing where nothing is available', () => {
    const mug = stock({ 'WH-BER': { onHand: 2, reserved: 2 } }, [['old', 3, '2026-03-01T10:00:00.000Z']]);
    expect(planBackorderFills({ MUG: mug }, [{ sku: 'MUG', warehouseId: 'WH-BER' }, { sku: 'MUG', warehouseId: 'WH-HAM' }])).toEqual([]);
  });

  it('shares one SKU queue between the warehouses where stock appeared, never filling an entry twice', () => {
    const mug = stock({ 'WH-BER': { onHand: 1, reserved: 0 }, 'WH-HAM': { onHand: 5, reserved: 0 } }, [['old', 3, '2026-03-01T10:00:00.000Z']]);
    const fills = planBackorderFills({ MUG: mug }, [{ sku: 'MUG', warehouseId: 'WH-HAM' }, { sku: 'MUG', warehouseId: 'WH-BER' }]);
    expect(fills).toEqual([
      { reservationId: 'old', sku: 'MUG', warehouseId: 'WH-BER', quantity: 1 },
      { reservationId: 'old', sku: 'MUG', warehouseId: 'WH-HAM', quantity: 2 },
    ]);
    expect(shipmentsByReservation(fills)).toEqual([
      {
        reservationId: 'old',
        shipments: [
          { warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 1 }] },
          { warehouseId: 'WH-HAM', lines: [{ sku: 'MUG', quantity: 2 }] },
        ],
      },
    ]);
  });

  it('makes one shipment per reservation and warehouse, whatever the SKUs', () => {
    const fills = [
      { reservationId: 'b', sku: 'TEA', warehouseId: 'WH-BER', quantity: 1 },
      { reservationId: 'a', sku: 'TEA', warehouseId: 'WH-BER', quantity: 2 },
      { reservationId: 'a', sku: 'MUG', warehouseId: 'WH-BER', quantity: 1 },
    ];
    expect(shipmentsByReservation(fills)).toEqual([
      { reservationId: 'a', shipments: [{ warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 2 }] }] },
      { reservationId: 'b', shipments: [{ warehouseId: 'WH-BER', lines: [{ sku: 'TEA', quantity: 1 }] }] },
    ]);
  });
});
