import { QueryRunner } from 'typeorm';
import { StreamIds } from '@orderflow/contracts';
import { catchUpProjection, inventoryProjection, ordersProjection, rebuildProjection } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { ev, HistoryWriter, OrderScript } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';
import { CreateQuerySchema1732400050000 } from './infrastructure/migrations/1732400050000-create-query-schema';
import { WidenProjectionQuantities1732400070000 } from './infrastructure/migrations/1732400070000-widen-projection-quantities';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INT32_MAX = 2 ** 31 - 1;

/**
 * A bound caps one message, not a sum: stock on hand grows past 2^31 with ordinary receipts, and
 * history stored before the bounds may hold single values past it. The projections must apply both
 * (a batch that fails is retried forever, and a rebuild would replay into the same failure).
 */
describe('projections with totals past 2^31 (real PostgreSQL)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let api: QueryApp;
  const placedAt = new Date('2026-11-20T10:00:00.000Z');
  const receipts = 2_200; // of 1,000,000 units each: 2.2 billion on hand, across many 500-event batches
  const applied: Record<string, number> = { inventory: 0, orders: 0 };

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('applies them live, in batches, and a rebuild arrives at the same figures', async () => {
    const grain = Array.from({ length: receipts }, () => ev('StockReceived', { sku: 'GRAIN', warehouseId: 'WH-1', quantity: 1_000_000 }));
    await writer.append(placedAt, StreamIds.stock('GRAIN'), 'service:inventory-service', ...grain);
    // Stored before the edge had bounds: one receipt, one order line and one backorder past 2^31.
    await writer.append(placedAt, StreamIds.stock('BULK'), 'service:inventory-service', ev('StockReceived', { sku: 'BULK', warehouseId: 'WH-1', quantity: 5_000_000_000 }));
    const bulk = new OrderScript(writer, {
      channel: 'webshop',
      externalOrderId: 'BULK-1',
      orderNumber: 'OF-900001',
      currency: 'EUR',
      customerId: 'C-BULK',
      lines: [{ sku: 'BULK', quantity: 3_000_000_000, unitPriceMinor: 2 }],
      placedAt,
      estimatedDeliveryDate: '2026-11-27',
    });
    const shipment = { shipmentId: 'OF-900001-1', warehouseId: 'WH-1', lines: [{ sku: 'BULK', quantity: 2_500_000_000 }] };
    bulk.placeAndConfirm().allocate(new Date(placedAt.getTime() + 60_000), [shipment], [{ sku: 'BULK', quantity: 500_000_000 }], '2026-11-27');
    await writer.flush();

    // Applied here rather than by the app's projectors, so that a failing batch fails the test with its error.
    for (const projection of [inventoryProjection, ordersProjection]) {
      await waitFor(`${projection.name} to apply every event`, async () => {
        applied[projection.name] += await catchUpProjection(db.dataSource, projection, { batchSize: 500 });
        return applied[projection.name] === writer.log.length;
      });
    }

    api = await startQueryApp(db);
    await api.caughtUp();
    const live = await figures(bulk.orderId);
    expect(live.grain).toMatchObject({ onHand: receipts * 1_000_000, available: receipts * 1_000_000 });
    expect(live.grain.onHand).toBeGreaterThan(INT32_MAX);
    expect(live.bulk).toMatchObject({ onHand: 5_000_000_000, reserved: 2_500_000_000, backordered: 500_000_000 });
    expect(live.order).toMatchObject({ totalMinor: 6_000_000_000 });
    expect(live.order.lines[0]).toMatchObject({ quantity: 3_000_000_000, allocated: 2_500_000_000, backordered: 500_000_000 });
    expect(live.sales).toEqual([expect.objectContaining({ units: 3_000_000_000, revenueMinor: 6_000_000_000 })]);

    await rebuildProjection(db.dataSource, 'all');
    expect(await figures(bulk.orderId)).toEqual(live);
  });

  async function figures(orderId: string): Promise<{ grain: D; bulk: D; order: D; sales: D[] }> {
    const [grain, bulk, order, sales] = await Promise.all([
      api.get('/inventory/GRAIN'),
      api.get('/inventory/BULK'),
      api.get(`/orders/${orderId}`),
      api.get('/reports/sales?groupBy=sku&from=2026-11-01&to=2026-12-01'),
    ]);
    for (const res of [grain, bulk, order, sales]) expect(res.status).toBe(200);
    return { grain: grain.body, bulk: bulk.body, order: order.body, sales: sales.body.rows ?? sales.body.groups ?? sales.body };
  }

  it('an installation made before keeps its figures: the migration widens its integer columns in place', async () => {
    const old = await createTestDatabase([CreateQuerySchema1732400050000]);
    const admin = await adminClient(old);
    try {
      const quantityColumns = `SELECT table_name || '.' || column_name AS col, data_type FROM information_schema.columns
        WHERE table_schema = 'query' AND (column_name IN ('on_hand', 'reserved', 'received', 'adjusted', 'restocked', 'shipped',
          'damaged', 'quantity', 'total_units', 'allocated', 'backordered', 'delivered', 'returned', 'resellable'))
          -- Tables added after the widening are created bigint (order_production: 1732400082500), never integer.
          AND table_name <> 'order_production'
        ORDER BY 1`;
      const columns = ((await admin.query(quantityColumns)).rows as { col: string }[]).map((r) => r.col);
      for (const col of columns) await admin.query(`ALTER TABLE query.${col.split('.')[0]} ALTER COLUMN ${col.split('.')[1]} TYPE integer`);
      await admin.query(`INSERT INTO query.inventory_stock VALUES ('MUG', 'WH-1', 2147483000, 7, 2147483000, 0, 0, 0, 0)`);

      await new WidenProjectionQuantities1732400070000().up({ query: (sql: string) => admin.query(sql) } as unknown as QueryRunner);
      const after = (await admin.query(quantityColumns)).rows as { col: string; data_type: string }[];
      expect(after.filter((r) => r.data_type !== 'bigint').map((r) => r.col)).toEqual([]);
      expect(after).toHaveLength(columns.length);
      await admin.query(`UPDATE query.inventory_stock SET on_hand = on_hand + 1000000 WHERE sku = 'MUG'`);
      expect((await admin.query(`SELECT on_hand::text, reserved::text FROM query.inventory_stock`)).rows).toEqual([
        { on_hand: '2148483000', reserved: '7' },
      ]);
    } finally {
      await admin.end();
      await old.drop();
    }
  });
});
