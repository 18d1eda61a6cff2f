import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { InventoryKit } from '../../test/inventory-kit';

describe('release-reservation (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('withdraws the backorder of a cancelled order at once and frees its stock when shipping confirms the cancellation; the stock fills the next order waiting', async () => {
    const mug = `MUG-${randomUUID().slice(0, 6)}`;
    const tea = `TEA-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', mug, 2);
    const cancelled = await kit.placeOrder([
      { sku: mug, quantity: 2 },
      { sku: tea, quantity: 1 },
    ]);
    const waiting = await kit.placeOrder([{ sku: mug, quantity: 1 }]);
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([{ sku: mug, quantity: 1 }]);

    await kit.orderCancelled(cancelled, 'changed my mind');
    // Until shipping confirms the shipment cancelled, its stock stays held: a carrier may be taking it.
    expect((await kit.stock(mug)).warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 2 });
    expect((await kit.stockEvents(tea)).at(-1)).toMatchObject({ type: 'BackorderWithdrawn' });
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([{ sku: mug, quantity: 1 }]);

    await kit.shipmentCancelled(cancelled.orderId, `${cancelled.orderNumber}-1`, 'changed my mind');
    expect(await kit.shipmentCancelled(cancelled.orderId, `${cancelled.orderNumber}-1`, 'changed my mind')).toEqual([]); // once

    const [, released] = await kit.events(StreamIds.reservation(cancelled.orderId));
    expect(released).toEqual({
      type: 'ReservationReleased',
      data: expect.objectContaining({
        orderId: cancelled.orderId,
        releasedShipments: [`${cancelled.orderNumber}-1`],
        withdrawnBackorders: [{ sku: tea, quantity: 1 }],
        reason: 'changed my mind',
      }),
    });
    expect((await kit.stockEvents(mug)).slice(-3)).toEqual([
      {
        type: 'StockReservationReleased',
        data: {
          sku: mug,
          warehouseId: 'WH-BER',
          quantity: 2,
          reservationId: cancelled.orderId,
          orderId: cancelled.orderId,
          shipmentId: `${cancelled.orderNumber}-1`,
          reason: 'changed my mind',
        },
      },
      { type: 'BackorderFilled', data: expect.objectContaining({ reservationId: waiting.orderId, quantity: 1, shipmentId: `${waiting.orderNumber}-1` }) },
      { type: 'StockReserved', data: expect.objectContaining({ reservationId: waiting.orderId, quantity: 1, shipmentId: `${waiting.orderNumber}-1` }) },
    ]);
    expect((await kit.stockEvents(tea)).at(-1)).toEqual({
      type: 'BackorderWithdrawn',
      data: { sku: tea, quantity: 1, reservationId: cancelled.orderId, orderId: cancelled.orderId },
    });
    expect((await kit.stock(mug)).warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 1 });
    expect((await kit.stock(tea)).backorders).toEqual([]);
    const filled = await kit.reservation(waiting.orderId);
    expect(filled.backordered).toEqual([]);
    expect(filled.shipments.map((s) => s.shipmentId)).toEqual([`${waiting.orderNumber}-1`]);
  });

  it('does nothing for an order that has no reservation, and nothing the second time', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    const rejected = kit.orderConfirmed([{ sku, quantity: 1 }]);
    expect(await kit.cancel(rejected)).toEqual([]);
    expect(await kit.events(StreamIds.reservation(rejected.orderId))).toEqual([]);

    await kit.receive('WH-BER', sku, 1);
    const order = await kit.placeOrder([{ sku, quantity: 1 }]);
    await kit.cancel(order);
    expect(await kit.cancel(order)).toEqual([]);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 0 });
  });
});
