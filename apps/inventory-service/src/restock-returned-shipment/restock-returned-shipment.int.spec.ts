import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { InventoryKit, levelsFromEvents } from '../../test/inventory-kit';

describe('restock-returned-shipment (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    await kit.registerWarehouse('WH-HAM', 'DE', 'HH');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('puts a parcel returned to sender back on the shelf of its warehouse, once, where it fills the oldest waiting order', async () => {
    const kettle = `KETTLE-${randomUUID().slice(0, 6)}`;
    const cup = `CUP-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-HAM', kettle, 1);
    await kit.receive('WH-HAM', cup, 2);
    const bounced = await kit.placeOrder([{ sku: kettle, quantity: 1 }, { sku: cup, quantity: 2 }]);
    const waiting = await kit.placeOrder([{ sku: kettle, quantity: 1 }]);
    const shipmentId = `${bounced.orderNumber}-1`;
    await kit.pickUp(bounced.orderId, shipmentId);

    await kit.returnToSender(bounced.orderId, shipmentId);
    expect(await kit.returnToSender(bounced.orderId, shipmentId)).toEqual([]); // the carrier's scan reported again

    expect((await kit.events(StreamIds.reservation(bounced.orderId))).map((e) => e.type)).toEqual([
      'StockAllocated',
      'ReservationShipped',
      'ReservationShipmentReturned',
    ]);
    const kettles = await kit.stockEvents(kettle);
    expect(kettles.filter((e) => e.type === 'StockRestocked')).toEqual([
      { type: 'StockRestocked', data: { sku: kettle, warehouseId: 'WH-HAM', quantity: 1, shipmentId } },
    ]);
    expect((await kit.stock(kettle)).warehouses['WH-HAM']).toEqual({ onHand: 1, reserved: 1 });
    expect((await kit.stock(cup)).warehouses['WH-HAM']).toEqual({ onHand: 2, reserved: 0 });
    expect(levelsFromEvents(kettles)['WH-HAM']).toEqual({ received: 1, adjusted: 0, restocked: 1, shipped: 1, reserved: 1 });
    const filled = await kit.reservation(waiting.orderId);
    expect(filled.backordered).toEqual([]);
    expect(filled.shipments).toMatchObject([{ warehouseId: 'WH-HAM', lines: [{ sku: kettle, quantity: 1 }] }]);
  });

  it('refuses a return to sender of a shipment that never left the warehouse', async () => {
    const sku = `KETTLE-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 1);
    const order = await kit.placeOrder([{ sku, quantity: 1 }]);
    await expect(kit.returnToSender(order.orderId, `${order.orderNumber}-1`)).rejects.toMatchObject({
      name: 'DomainError',
      code: 'not-shipped',
    });
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 1 });
  });
});
