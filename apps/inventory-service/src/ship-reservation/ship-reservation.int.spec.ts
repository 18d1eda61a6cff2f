import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { InventoryKit, levelsFromEvents, lowestAvailableEver } from '../../test/inventory-kit';

describe('ship-reservation (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('turns a picked-up shipment into a shipped decrement: on hand and reserved fall together, once', async () => {
    const mug = `MUG-${randomUUID().slice(0, 6)}`;
    const tea = `TEA-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', mug, 5);
    await kit.receive('WH-BER', tea, 1);
    const order = await kit.placeOrder([
      { sku: mug, quantity: 2 },
      { sku: tea, quantity: 1 },
    ]);
    const shipmentId = `${order.orderNumber}-1`;

    await kit.pickUp(order.orderId, shipmentId);
    expect(await kit.pickUp(order.orderId, shipmentId)).toEqual([]);

    expect((await kit.events(StreamIds.reservation(order.orderId))).map((e) => e.type)).toEqual(['StockAllocated', 'ReservationShipped']);
    expect((await kit.stockEvents(mug)).filter((e) => e.type === 'StockShipped')).toEqual([
      {
        type: 'StockShipped',
        data: { sku: mug, warehouseId: 'WH-BER', quantity: 2, reservedQuantity: 2, reservationId: order.orderId, orderId: order.orderId, shipmentId },
      },
    ]);
    expect((await kit.stock(mug)).warehouses['WH-BER']).toEqual({ onHand: 3, reserved: 0 });
    expect((await kit.stock(tea)).warehouses['WH-BER']).toEqual({ onHand: 0, reserved: 0 });
  });

  it('ships with no reserved quantity when the reservation was released before the carrier came', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 3);
    const order = await kit.placeOrder([{ sku, quantity: 2 }]);
    await kit.cancel(order);
    await kit.pickUp(order.orderId, `${order.orderNumber}-1`);

    expect((await kit.stockEvents(sku)).at(-1)).toMatchObject({ type: 'StockShipped', data: { quantity: 2, reservedQuantity: 0 } });
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 0 });
  });

  it('ships the stock still held when the pick-up beat the cancellation to shipping: nothing released was promised twice', async () => {
    const sku = `LAMP-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 2);
    const cancelled = await kit.placeOrder([{ sku, quantity: 2 }]);
    const waiting = await kit.placeOrder([{ sku, quantity: 1 }]);
    const shipmentId = `${cancelled.orderNumber}-1`;

    await kit.orderCancelled(cancelled); // shipping has not cancelled the shipment yet: its stock stays held
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 2 });
    await kit.pickUp(cancelled.orderId, shipmentId); // ... because the carrier got there first

    const events = await kit.stockEvents(sku);
    expect(events.at(-1)).toMatchObject({ type: 'StockShipped', data: { quantity: 2, reservedQuantity: 2, shipmentId } });
    expect(events.map((e) => e.type)).not.toContain('StockShortfallRecorded');
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 0, reserved: 0 });
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([{ sku, quantity: 1 }]);
    expect(levelsFromEvents(events)['WH-BER']).toEqual({ received: 2, adjusted: 0, restocked: 0, shipped: 2, reserved: 0 });
  });

  it('records the shortfall when the carrier takes a cancelled shipment whose freed stock another order already holds', async () => {
    const sku = `LAMP-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 2);
    const cancelled = await kit.placeOrder([{ sku, quantity: 2 }]);
    const waiting = await kit.placeOrder([{ sku, quantity: 1 }]);
    const shipmentId = `${cancelled.orderNumber}-1`;
    await kit.cancel(cancelled); // shipping cancelled the shipment: its 2 are freed, and 1 goes to the waiting order
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([]);

    await kit.pickUp(cancelled.orderId, shipmentId); // the warehouse handed the parcel over anyway

    const events = await kit.stockEvents(sku);
    expect(events.slice(-2)).toEqual([
      {
        type: 'StockShipped',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservedQuantity: 0, reservationId: cancelled.orderId, orderId: cancelled.orderId, shipmentId },
      },
      {
        type: 'StockShortfallRecorded',
        data: { sku, warehouseId: 'WH-BER', quantity: 1, reservationId: cancelled.orderId, orderId: cancelled.orderId, shipmentId },
      },
    ]);
    // Conserved: 2 received − 2 shipped = 0 on hand; reserved is what the waiting order holds; available −1, and said so.
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 0, reserved: 1 });
    expect(levelsFromEvents(events)['WH-BER']).toEqual({ received: 2, adjusted: 0, restocked: 0, shipped: 2, reserved: 1 });
    expect(lowestAvailableEver(events)).toBe(-1);

    await kit.receive('WH-BER', sku, 1); // new stock covers the shortfall before anything else
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 1 });
  });

  it('refuses a pick-up of a shipment no reservation holds', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 1);
    const order = await kit.placeOrder([{ sku, quantity: 1 }]);
    const unknown = {
      shipmentId: `${order.orderNumber}-7`,
      orderId: order.orderId,
      channel: 'webshop',
      externalOrderId: order.externalOrderId,
      purpose: 'ORDER' as const,
      carrier: 'ParcelNet',
      trackingNumber: 'PN-1',
      warehouseId: 'WH-BER',
      lines: [{ sku, quantity: 1 }],
      pickedUpAt: new Date().toISOString(),
    };
    await expect(kit.run((uow) => kit.ship.handle(unknown, uow))).rejects.toMatchObject({ name: 'DomainError', code: 'unknown-shipment' });
    await expect(kit.run((uow) => kit.ship.handle({ ...unknown, orderId: randomUUID() }, uow))).rejects.toMatchObject({
      code: 'unknown-reservation',
    });
  });
});
