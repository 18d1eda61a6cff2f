import { Client } from 'pg';
import { StreamIds } from '@orderflow/contracts';
import { migrate, platformMigrations } from '@orderflow/platform';
import { catchUpProjection, inventoryProjection, rebuildProjection } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { ev, HistoryWriter } from '../../../test/order-history';
import { queryMigrations } from '.';
import { CreateQuerySchema1732400050000 } from './1732400050000-create-query-schema';
import { WidenProjectionQuantities1732400070000 } from './1732400070000-widen-projection-quantities';
import { QueryServiceRole1732400070100 } from './1732400070100-query-service-role';
import { PaymentsReadSide1732400080000 } from './1732400080000-payments-read-side';

const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';

/**
 * An installation made before the replenishment report: no daily demand table, though its store
 * holds months of stock events. The migration adds the table as the schema owner's, and the
 * inventory projection replays, after which the demand of the days before is there too.
 */
describe('migration: daily demand on an earlier installation (real PostgreSQL)', () => {
  let db: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase([CreateQuerySchema1732400050000, WidenProjectionQuantities1732400070000, QueryServiceRole1732400070100, PaymentsReadSide1732400080000]);
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.end();
    await db?.drop();
  });

  it('creates the table owned like every projection table, and the demand already in the store is folded into it', async () => {
    await su.query(`DROP TABLE query.inventory_demand_daily`);
    const writer = new HistoryWriter(db.dataSource);
    const at = { sku: 'MUG', warehouseId: 'WH-1' };
    const actor = 'service:inventory-service';
    await writer.append(new Date('2026-01-05T08:00:00.000Z'), StreamIds.stock('MUG'), actor, ev('StockReceived', { ...at, quantity: 50 }));
    await writer.append(
      new Date('2026-01-05T12:00:00.000Z'),
      StreamIds.stock('MUG'),
      actor,
      ev('StockReserved', { ...at, quantity: 3, reservationId: 'R-1', orderId, shipmentId: 'S-1' }),
      ev('StockReserved', { ...at, quantity: 2, reservationId: 'R-2', orderId, shipmentId: 'S-2' }),
    );
    await writer.append(new Date('2026-01-06T09:00:00.000Z'), StreamIds.stock('MUG'), actor, ev('StockShipped', { ...at, quantity: 3, reservedQuantity: 3, reservationId: 'R-1', orderId, shipmentId: 'S-1' }));
    // The old projection: stock without the demand table (its apply would fail without it, so the state is made by hand).
    await su.query(`INSERT INTO query.inventory_stock VALUES ('MUG', 'WH-1', 47, 2, 50, 0, 0, 3, 0)`);

    await migrate(db.adminUrl, [...platformMigrations, ...queryMigrations]);

    const owners = (await su.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename IN ('inventory_stock', 'inventory_demand_daily')`)).rows;
    expect(new Set(owners.map((r) => r.tableowner)).size).toBe(1);
    expect(owners).toHaveLength(2);
    expect((await su.query(`SELECT count(*)::int AS n FROM query.inventory_stock`)).rows).toEqual([{ n: 0 }]);
    expect((await su.query(`SELECT * FROM checkpoints WHERE subscriber = 'projection:inventory'`)).rows).toEqual([]);

    await catchUpProjection(db.dataSource, inventoryProjection);
    const demand = (await su.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, ordered_units::int AS o, shipped_units::int AS s FROM query.inventory_demand_daily ORDER BY day`)).rows;
    expect(demand).toEqual([
      { day: '2026-01-05', o: 5, s: 0 },
      { day: '2026-01-06', o: 0, s: 3 },
    ]);
    expect((await su.query(`SELECT on_hand::int, reserved::int FROM query.inventory_stock`)).rows).toEqual([{ on_hand: 47, reserved: 2 }]);
    // The service's role can rebuild (create, swap and drop) the table the migration made.
    const [result] = await rebuildProjection(db.dataSource, 'inventory');
    expect(result.rows.inventory_demand_daily).toBe(2);
  });
});
