import { StreamIds } from '@orderflow/contracts';
import { migrate, platformMigrations } from '@orderflow/platform';
import { catchUpProjection, inventoryProjection, rebuildProjection } from '@orderflow/projections';
import { ev, HistoryWriter } from '../../../test/order-history';
import { earlierInstallation } from '../../../test/earlier-installation';
import { queryMigrations } from '.';

const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';

/**
 * An installation made before the replenishment report: no daily demand table, though its store
 * holds months of stock events. The migration adds the table as the schema owner's, and the
 * inventory projection replays, after which the demand of the days before is there too.
 */
describe('migration: daily demand on an earlier installation (real PostgreSQL)', () => {
  const earlier = earlierInstallation();

  it('creates the table owned like every projection table, and the demand already in the store is folded into it', async () => {
    await earlier.su.query(`DROP TABLE query.inventory_demand_daily`);
    const writer = new HistoryWriter(earlier.db.dataSource);
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
    await earlier.su.query(`INSERT INTO query.inventory_stock VALUES ('MUG', 'WH-1', 47, 2, 50, 0, 0, 3, 0)`);

    await migrate(earlier.db.adminUrl, [...platformMigrations, ...queryMigrations]);

    const owners = (await earlier.su.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename IN ('inventory_stock', 'inventory_demand_daily')`)).rows;
    expect(new Set(owners.map((r) => r.tableowner)).size).toBe(1);
    expect(owners).toHaveLength(2);
    expect((await earlier.su.query(`SELECT count(*)::int AS n FROM query.inventory_stock`)).rows).toEqual([{ n: 0 }]);
    expect((await earlier.su.query(`SELECT * FROM checkpoints WHERE subscriber = 'projection:inventory'`)).rows).toEqual([]);

    await catchUpProjection(earlier.db.dataSource, inventoryProjection);
    const demand = (await earlier.su.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, ordered_units::int AS o, shipped_units::int AS s FROM query.inventory_demand_daily ORDER BY day`)).rows;
    expect(demand).toEqual([
      { day: '2026-01-05', o: 5, s: 0 },
      { day: '2026-01-06', o: 0, s: 3 },
    ]);
    expect((await earlier.su.query(`SELECT on_hand::int, reserved::int FROM query.inventory_stock`)).rows).toEqual([{ on_hand: 47, reserved: 2 }]);
    // The service's role can rebuild (create, swap and drop) the table the migration made.
    const [result] = await rebuildProjection(earlier.db.dataSource, 'inventory');
    expect(result.rows.inventory_demand_daily).toBe(2);
  });
});
