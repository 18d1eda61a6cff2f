import { randomUUID } from 'node:crypto';
import { InventoryKit } from '../../test/inventory-kit';

describe('receive-return (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('restocks resellable items only, and the restocked items fill a waiting backorder', async () => {
    const mug = `MUG-${randomUUID().slice(0, 6)}`;
    const tea = `TEA-${randomUUID().slice(0, 6)}`;
    const waiting = await kit.placeOrder([{ sku: mug, quantity: 1 }]);

    await kit.returnParcel('WH-BER', 'RMA-000001', [
      { sku: mug, quantity: 2, condition: 'RESELLABLE' },
      { sku: tea, quantity: 1, condition: 'DAMAGED' },
    ]);

    expect((await kit.stockEvents(mug)).map((e) => e.type)).toEqual(['BackorderQueued', 'StockRestocked', 'BackorderFilled', 'StockReserved']);
    expect(await kit.stockEvents(tea)).toEqual([
      { type: 'DamagedReturnRecorded', data: { sku: tea, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' } },
    ]);
    expect((await kit.stock(mug)).warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 1 });
    expect((await kit.stock(tea)).warehouses).toEqual({});
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([]);
  });

  it('refuses a parcel received at a warehouse that was never registered', async () => {
    await expect(kit.returnParcel('WH-NOWHERE', 'RMA-000002', [{ sku: 'MUG', quantity: 1, condition: 'RESELLABLE' }])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'unknown-warehouse',
    });
  });
});
