import { StreamIds } from '@orderflow/contracts';
import { STOCK_SNAPSHOT, stockDecider } from '../src/domain/stock.decider';
import { BERLIN, InventoryKit, levelsFromEvents, lowestAvailableEver, MUNICH, PlacedOrder } from './inventory-kit';

/**
 * A mixed, partly concurrent run through every inventory use case, then the books are checked
 * from the events alone: received + adjustments + restocked − shipped = on hand = available + reserved.
 */
describe('inventory lifecycle (real PostgreSQL)', () => {
  let kit: InventoryKit;
  const skus = ['LAMP', 'CHAIR', 'DESK'];
  const warehouses = ['WH-BER', 'WH-HAM', 'WH-MUC'];

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    await kit.registerWarehouse('WH-HAM', 'DE', 'HH');
    await kit.registerWarehouse('WH-MUC', 'DE', 'BY');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('keeps every SKU and warehouse balanced, and the reservations agreeing with the stock streams', async () => {
    await Promise.all([
      kit.receive('WH-BER', 'LAMP', 4),
      kit.receive('WH-HAM', 'LAMP', 3),
      kit.receive('WH-MUC', 'CHAIR', 5),
      kit.receive('WH-HAM', 'DESK', 1),
    ]);
    const wanted = (i: number) => [
      { sku: skus[i % 3], quantity: 1 + (i % 3) },
      { sku: skus[(i + 1) % 3], quantity: 1 },
    ];
    const orders: PlacedOrder[] = await Promise.all(
      Array.from({ length: 10 }, (_, i) => kit.placeOrder(wanted(i), { shipTo: i % 2 ? BERLIN : MUNICH })),
    );
    const toCancel = orders.slice(0, 3);
    const toShip = orders.slice(3);

    await Promise.all([
      ...toCancel.map((o) => kit.cancel(o)),
      kit.receive('WH-BER', 'DESK', 4),
      kit.adjust('WH-MUC', 'CHAIR', -50, 'flood'),
      kit.adjust('WH-HAM', 'LAMP', 2, 'found'),
      kit.returnParcel('WH-MUC', 'RMA-000001', [
        { sku: 'LAMP', quantity: 2, condition: 'RESELLABLE' },
        { sku: 'CHAIR', quantity: 1, condition: 'DAMAGED' },
      ]),
    ]);
    for (const order of toShip) {
      for (const shipment of (await kit.reservation(order.orderId)).shipments) {
        await kit.pickUp(order.orderId, shipment.shipmentId);
      }
    }
    await kit.receive('WH-HAM', 'CHAIR', 6);

    const reservations = await Promise.all(orders.map((o) => kit.reservation(o.orderId)));
    let shippedAnything = false;
    for (const sku of skus) {
      const events = await kit.stockEvents(sku);
      const replayed = await kit.stock(sku);
      const fromSnapshot = await kit.run((uow) => uow.load(StreamIds.stock(sku), stockDecider, STOCK_SNAPSHOT));
      expect(fromSnapshot.state).toEqual(replayed);
      expect(lowestAvailableEver(events)).toBeGreaterThanOrEqual(0);

      const books = levelsFromEvents(events);
      for (const warehouseId of warehouses) {
        const b = books[warehouseId] ?? { received: 0, adjusted: 0, restocked: 0, shipped: 0, reserved: 0 };
        const levels = replayed.warehouses[warehouseId] ?? { onHand: 0, reserved: 0 };
        const onHand = b.received + b.adjusted + b.restocked - b.shipped;
        expect({ sku, warehouseId, onHand, reserved: b.reserved }).toEqual({ sku, warehouseId, ...levels });
        expect(levels.onHand - levels.reserved).toBeGreaterThanOrEqual(0);
        shippedAnything ||= b.shipped > 0;

        // What the reservations still hold here is exactly what the stock stream counts as reserved.
        const held = reservations
          .flatMap((r) => r.shipments)
          .filter((s) => !s.shipped && !s.released && s.warehouseId === warehouseId)
          .flatMap((s) => s.lines)
          .filter((l) => l.sku === sku)
          .reduce((n, l) => n + l.quantity, 0);
        expect({ sku, warehouseId, held }).toEqual({ sku, warehouseId, held: levels.reserved });
      }
      // And what they wait for is exactly the SKU's queue.
      const waitingByReservation = Object.fromEntries(
        reservations.flatMap((r) => r.backordered.filter((b) => b.sku === sku).map((b) => [r.ref!.reservationId, b.quantity])),
      );
      expect(Object.fromEntries(replayed.backorders.map((b) => [b.reservationId, b.quantity]))).toEqual(waitingByReservation);
      // Nothing waits while stock of that SKU sits available somewhere.
      if (replayed.backorders.length > 0) {
        for (const { onHand, reserved } of Object.values(replayed.warehouses)) expect(onHand - reserved).toBe(0);
      }
    }
    expect(shippedAnything).toBe(true);
    expect(reservations.slice(0, 3).every((r) => r.status === 'RELEASED')).toBe(true);
    expect((await kit.stockEvents('CHAIR')).some((e) => e.type === 'StockAdjustmentRefused')).toBe(true);
  });
});
