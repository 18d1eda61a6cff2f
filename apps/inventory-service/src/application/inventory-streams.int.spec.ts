import { randomUUID } from 'node:crypto';
import { inUnitOfWork } from '@orderflow/testing';
import { InventoryKit } from '../../test/inventory-kit';
import { fillBackorders } from './fill-backorders';
import { InventoryStreams } from './inventory-streams';

describe('InventoryStreams (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('turns a refusal decided on streams read either side of a concurrent commit into a retryable conflict', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    const waiting = await kit.placeOrder([{ sku, quantity: 1 }]);

    const stale = inUnitOfWork(kit.db, async (uow) => {
      const streams = new InventoryStreams(uow);
      await streams.decideStock({ type: 'ReceiveStock', sku, warehouseId: 'WH-BER', quantity: 1 }); // the queue still names the order
      await kit.cancel(waiting); // commits meanwhile: reservation released, backorder withdrawn
      await fillBackorders(streams, [{ sku, warehouseId: 'WH-BER' }], uow.now); // reads the reservation as released
      return streams.commit();
    });

    await expect(stale).rejects.toMatchObject({ name: 'ConcurrencyError' });
    const retried = await kit.receive('WH-BER', sku, 1);
    expect(retried.map((e) => e.type)).toEqual(['StockReceived']);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 0 });
  });

  it('lets a refusal on consistent reads stand', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 1);
    const order = await kit.placeOrder([{ sku, quantity: 1 }]);
    const refused = kit.run(async (uow) => {
      const streams = new InventoryStreams(uow);
      await streams.reservation(order.orderId);
      const reservationId = randomUUID();
      await streams.decideStock({ type: 'ReserveStock', sku, warehouseId: 'WH-BER', quantity: 1, reservationId, orderId: reservationId, shipmentId: 'X-1' });
    });
    await expect(refused).rejects.toMatchObject({ name: 'DomainError', code: 'insufficient-stock' });
  });
});
