import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { adminClient } from '@orderflow/testing';
import { allHeld, STOCK_SNAPSHOT, stockDecider } from '../domain/stock.decider';
import { BERLIN, InventoryKit, lowestAvailableEver, MUNICH } from '../../test/inventory-kit';

describe('allocate-order (real PostgreSQL)', () => {
  let kit: InventoryKit;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    await kit.registerWarehouse('WH-HAM', 'DE', 'HH');
    await kit.registerWarehouse('WH-MUC', 'DE', 'BY');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it('allocates the whole order from the warehouse in the customer region, reserving it on the stock stream', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-HAM', sku, 10);
    await kit.receive('WH-BER', sku, 3);
    const order = await kit.placeOrder([{ sku, quantity: 3 }], { shipTo: BERLIN });

    const [allocated] = await kit.events(StreamIds.reservation(order.orderId));
    expect(allocated).toEqual({
      type: 'StockAllocated',
      data: expect.objectContaining({
        reservationId: order.orderId,
        orderId: order.orderId,
        purpose: 'ORDER',
        orderNumber: order.orderNumber,
        shipTo: BERLIN,
        promisedBy: '2026-03-04',
        shipments: [{ shipmentId: `${order.orderNumber}-1`, warehouseId: 'WH-BER', lines: [{ sku, quantity: 3 }], distanceKm: 0, origin: { lat: 52.52, lon: 13.4 } }],
        backordered: [],
      }),
    });
    const stock = await kit.stock(sku);
    expect(stock.warehouses).toEqual({ 'WH-BER': { onHand: 3, reserved: 3 }, 'WH-HAM': { onHand: 10, reserved: 0 } });
  });

  it('splits an order no single warehouse can fill, the warehouse covering most first, one shipment each', async () => {
    const mug = `MUG-${randomUUID().slice(0, 6)}`;
    const tea = `TEA-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-HAM', mug, 4);
    await kit.receive('WH-HAM', tea, 1);
    await kit.receive('WH-MUC', tea, 2);
    const order = await kit.placeOrder(
      [
        { sku: mug, quantity: 4 },
        { sku: tea, quantity: 2 },
      ],
      { shipTo: MUNICH },
    );

    const reservation = await kit.reservation(order.orderId);
    expect(reservation.shipments.map(({ shipmentId, warehouseId, lines }) => ({ shipmentId, warehouseId, lines }))).toEqual([
      { shipmentId: `${order.orderNumber}-1`, warehouseId: 'WH-HAM', lines: [{ sku: mug, quantity: 4 }, { sku: tea, quantity: 1 }] },
      { shipmentId: `${order.orderNumber}-2`, warehouseId: 'WH-MUC', lines: [{ sku: tea, quantity: 1 }] },
    ]);
    expect(reservation.backordered).toEqual([]);
    expect((await kit.stock(tea)).warehouses).toEqual({ 'WH-HAM': { onHand: 1, reserved: 1 }, 'WH-MUC': { onHand: 2, reserved: 1 } });
  });

  it('allocates a repeated OrderConfirmed only once', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 5);
    const order = kit.orderConfirmed([{ sku, quantity: 2 }]);
    await kit.run((uow) => kit.allocate.orderConfirmed(order.confirmed, uow));
    const again = await kit.run((uow) => kit.allocate.orderConfirmed(order.confirmed, uow));

    expect(again).toEqual([]);
    expect(await kit.events(StreamIds.reservation(order.orderId))).toHaveLength(1);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 2 });
  });

  it('allocates an exchange replacement like an order, keyed and named by its RMA number', async () => {
    const sku = `MUG-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 1);
    const order = kit.orderConfirmed([{ sku, quantity: 1 }]);
    const rmaNumber = `RMA-${randomUUID().slice(0, 6)}`;
    await kit.run((uow) =>
      kit.allocate.exchangeRequested(
        {
          rmaNumber,
          orderId: order.orderId,
          channel: 'webshop',
          externalOrderId: order.externalOrderId,
          lines: [{ sku, quantity: 1 }],
          shipTo: BERLIN,
          promisedBy: '2026-03-20',
          requestedAt: '2026-03-10T12:00:00.000Z',
        },
        uow,
      ),
    );

    const [allocated] = await kit.events(StreamIds.reservation(rmaNumber));
    expect(allocated.data).toMatchObject({
      reservationId: rmaNumber,
      orderId: order.orderId,
      purpose: 'EXCHANGE',
      rmaNumber,
      shipments: [{ shipmentId: `${rmaNumber}-1`, warehouseId: 'WH-BER', lines: [{ sku, quantity: 1 }] }],
    });
    expect((await kit.stockEvents(sku)).at(-1)).toEqual({
      type: 'StockReserved',
      data: { sku, warehouseId: 'WH-BER', quantity: 1, reservationId: rmaNumber, orderId: order.orderId, shipmentId: `${rmaNumber}-1` },
    });
  });

  it('lets 12 racing orders reserve exactly the 5 units there are and queue the other 7, never going below zero', async () => {
    const sku = `RACE-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 5);
    const orders = Array.from({ length: 12 }, () => kit.orderConfirmed([{ sku, quantity: 1 }]));

    await Promise.all(orders.map((o) => kit.run((uow) => kit.allocate.orderConfirmed(o.confirmed, uow))));

    const events = await kit.stockEvents(sku);
    const reserved = events.filter((e) => e.type === 'StockReserved');
    const queued = events.filter((e) => e.type === 'BackorderQueued');
    expect(reserved.reduce((n, e) => n + e.data.quantity, 0)).toBe(5);
    expect(queued.reduce((n, e) => n + e.data.quantity, 0)).toBe(7);
    expect(new Set([...reserved, ...queued].map((e) => e.data.reservationId)).size).toBe(12);
    expect(lowestAvailableEver(events)).toBeGreaterThanOrEqual(0);
    for (const order of orders) {
      const reservation = await kit.events(StreamIds.reservation(order.orderId));
      expect(reservation.map((e) => e.type)).toEqual(['StockAllocated']);
    }
    const state = await kit.stock(sku);
    expect(state.warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 5 });
    expect(state.backorders).toHaveLength(7);
  });

  it('loads the same stock state from the snapshot as from a full replay', async () => {
    const sku = `SNAP-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 2);
    await kit.receive('WH-HAM', sku, 1);
    const first = await kit.placeOrder([{ sku, quantity: 2 }]);
    await kit.placeOrder([{ sku, quantity: 4 }]);
    await kit.cancel(first);
    await kit.adjust('WH-MUC', sku, 3);

    const replayed = await kit.stock(sku);
    const fromSnapshot = await kit.run((uow) => uow.load(StreamIds.stock(sku), stockDecider, STOCK_SNAPSHOT));
    const [row] = (await kit.db.dataSource.query(`SELECT version, schema FROM snapshots WHERE stream_id = $1`, [StreamIds.stock(sku)])) as {
      version: number;
      schema: string;
    }[];
    const events = await kit.stockEvents(sku);
    expect(row).toEqual({ version: events.length, schema: STOCK_SNAPSHOT.schema });
    expect(fromSnapshot).toEqual({ state: replayed, version: events.length });
    expect(replayed.backorders).toEqual([]);
    expect(allHeld(replayed).reduce((n, [, h]) => n + h.quantity, 0)).toBe(4);
  });

  it('never trusts a snapshot changed in the table: the stock is decided on from the events (ADR 23)', async () => {
    const sku = `FORGE-${randomUUID().slice(0, 6)}`;
    await kit.receive('WH-BER', sku, 2);
    await kit.placeOrder([{ sku, quantity: 1 }]);
    const honest = await kit.stock(sku);
    const su = await adminClient(kit.db);
    try {
      const forged = await su.query(
        `UPDATE snapshots SET state = jsonb_set(state, '{warehouses,WH-BER,onHand}', '1000') WHERE stream_id = $1`,
        [StreamIds.stock(sku)],
      );
      expect(forged.rowCount).toBe(1);
    } finally {
      await su.end();
    }
    const loaded = await kit.run((uow) => uow.load(StreamIds.stock(sku), stockDecider, STOCK_SNAPSHOT));
    expect(loaded.state).toEqual(honest);
    expect(honest.warehouses['WH-BER'].onHand).toBe(2);
    // An order for more than the real stock waits for it, whatever the forged snapshot claimed.
    await kit.placeOrder([{ sku, quantity: 5 }]);
    const after = await kit.stock(sku);
    expect(after.warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 2 }); // the one unit left, the rest waits
    expect(after.backorders).toHaveLength(1);
  });
});
