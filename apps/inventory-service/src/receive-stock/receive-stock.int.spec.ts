import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { InventoryKit } from '../../test/inventory-kit';

describe('receive-stock and register-warehouse (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    await kit.registerWarehouse('WH-HAM', 'DE', 'HH');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('registers a warehouse once and keeps where it is in the local view', async () => {
    const again = await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    expect(again).toEqual([]);
    expect(await kit.events(StreamIds.warehouse('WH-BER'))).toHaveLength(1);
    await kit.registerWarehouse('WH-BER', 'DE', 'BB', 'Berlin-Brandenburg');
    const rows = await kit.db.dataSource.query(`SELECT warehouse_id, name, country, region FROM inventory_warehouses ORDER BY warehouse_id`);
    expect(rows).toEqual([
      { warehouse_id: 'WH-BER', name: 'Berlin-Brandenburg', country: 'DE', region: 'BB' },
      { warehouse_id: 'WH-HAM', name: 'WH-HAM', country: 'DE', region: 'HH' },
    ]);
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });

  it('queues what no warehouse has, then fills the backorders oldest order first when stock arrives', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    const newer = await kit.placeOrder([{ sku, quantity: 2 }], { placedAt: '2026-03-01T12:00:00.000Z' });
    const older = await kit.placeOrder([{ sku, quantity: 2 }], { placedAt: '2026-03-01T08:00:00.000Z' });
    expect((await kit.reservation(newer.orderId)).backordered).toEqual([{ sku, quantity: 2 }]);
    expect((await kit.stock(sku)).backorders.map((b) => b.reservationId)).toEqual([older.orderId, newer.orderId]);

    await kit.receive('WH-HAM', sku, 3);

    const olderEvents = await kit.events(StreamIds.reservation(older.orderId));
    expect(olderEvents.map((e) => e.type)).toEqual(['StockAllocated', 'BackorderAllocated']);
    expect(olderEvents[1].data).toMatchObject({
      orderId: older.orderId,
      purpose: 'ORDER',
      shipTo: older.confirmed.shippingAddress,
      promisedBy: '2026-03-04',
      shipments: [{ shipmentId: `${older.orderNumber}-1`, warehouseId: 'WH-HAM', lines: [{ sku, quantity: 2 }] }],
      backordered: [],
    });
    const newerEvents = await kit.events(StreamIds.reservation(newer.orderId));
    expect(newerEvents[1].data).toMatchObject({
      shipments: [{ shipmentId: `${newer.orderNumber}-1`, warehouseId: 'WH-HAM', lines: [{ sku, quantity: 1 }] }],
      backordered: [{ sku, quantity: 1 }],
    });
    expect((await kit.stockEvents(sku)).slice(-5).map((e) => e.type)).toEqual([
      'StockReceived',
      'BackorderFilled',
      'StockReserved',
      'BackorderFilled',
      'StockReserved',
    ]);
    const stock = await kit.stock(sku);
    expect(stock.warehouses['WH-HAM']).toEqual({ onHand: 3, reserved: 3 });
    expect(stock.backorders).toEqual([{ reservationId: newer.orderId, orderId: newer.orderId, quantity: 1, placedAt: '2026-03-01T12:00:00.000Z' }]);

    await kit.adjust('WH-BER', sku, 5, 'found a pallet');
    const newerAfter = await kit.reservation(newer.orderId);
    expect(newerAfter.shipments.map((s) => [s.shipmentId, s.warehouseId])).toEqual([
      [`${newer.orderNumber}-1`, 'WH-HAM'],
      [`${newer.orderNumber}-2`, 'WH-BER'],
    ]);
    expect(newerAfter.backordered).toEqual([]);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 1 });
  });

  it('refuses an adjustment below what is reserved with StockAdjustmentRefused, changing nothing', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 4);
    await kit.placeOrder([{ sku, quantity: 3 }]);
    await kit.adjust('WH-BER', sku, -2, 'breakage');

    expect((await kit.stockEvents(sku)).at(-1)).toEqual({
      type: 'StockAdjustmentRefused',
      data: { sku, warehouseId: 'WH-BER', quantityDelta: -2, reason: 'breakage', refusal: 'on hand at WH-BER would fall to 2, below the 3 reserved' },
    });
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 4, reserved: 3 });
  });

  it('refuses stock for a warehouse that was never registered, storing nothing', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await expect(kit.receive('WH-NOWHERE', sku, 1)).rejects.toMatchObject({ name: 'DomainError', code: 'unknown-warehouse' });
    await expect(kit.adjust('WH-NOWHERE', sku, 1)).rejects.toMatchObject({ name: 'DomainError', code: 'unknown-warehouse' });
    expect(await kit.stockEvents(sku)).toEqual([]);
  });
});
