import { migrate, platformMigrations } from '@orderflow/platform';
import { catchUpProjection, rebuildProjection, reportsProjection } from '@orderflow/projections';
import { HistoryWriter } from '../../../test/order-history';
import { writeReportHistory } from '../../../test/report-history';
import { earlierInstallation } from '../../../test/earlier-installation';
import { queryMigrations } from '.';

/**
 * An installation made before the reports projection: its query schema has no report tables, and
 * its store already holds products and shipments. The migration adds the tables as the schema
 * owner's; the projection, without a checkpoint, folds the whole store from position 0.
 */
describe('migration: the reports read side of an earlier installation (real PostgreSQL)', () => {
  const earlier = earlierInstallation();

  it('creates the tables owned like every projection table, and the projection catches up on the history already stored', async () => {
    await earlier.su.query(`DROP TABLE query.report_products, query.report_shipments`);
    const writer = new HistoryWriter(earlier.db.dataSource);
    writeReportHistory(writer, { orders: 60, erasedCustomer: { name: 'Erin Plain', email: 'erin@example.com' } });
    await writer.flush();

    await migrate(earlier.db.adminUrl, [...platformMigrations, ...queryMigrations]);

    const owners = (await earlier.su.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename IN ('orders', 'report_products', 'report_shipments') ORDER BY tablename`)).rows;
    expect(new Set(owners.map((r) => r.tableowner)).size).toBe(1);
    expect(owners).toHaveLength(3);
    await catchUpProjection(earlier.db.dataSource, reportsProjection);
    const count = async (table: string) => (await earlier.su.query(`SELECT count(*)::int AS n FROM query.${table}`)).rows[0].n;
    expect(await count('report_products')).toBe(7);
    expect(await count('report_shipments')).toBe(writer.ofType('ShipmentRequested').length);
    // The service's role can rebuild (create, swap and drop) the tables the migration made.
    const [result] = await rebuildProjection(earlier.db.dataSource, 'reports');
    expect(result.rows).toEqual({ report_products: 7, report_shipments: writer.ofType('ShipmentRequested').length });
  });
});
