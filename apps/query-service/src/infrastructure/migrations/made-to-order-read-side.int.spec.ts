import { StreamIds } from '@orderflow/contracts';
import { migrate, platformMigrations } from '@orderflow/platform';
import { catchUpProjection, ordersProjection, rebuildProjection } from '@orderflow/projections';
import { ev, HistoryWriter } from '../../../test/order-history';
import { earlierInstallation } from '../../../test/earlier-installation';
import { queryMigrations } from '.';

const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };

/**
 * An installation made before made-to-order lines (docs/adr/0039): no production orders table, and
 * order documents folded without options, terms or production on their lines. The migration adds
 * the table as the schema owner's and the orders projection replays, after which a made-to-order
 * line already in the store shows its production, and the production orders list has it.
 */
describe('migration: made-to-order read side on an earlier installation (real PostgreSQL)', () => {
  const earlier = earlierInstallation();

  it('creates the table owned like every projection table, and folds every order again', async () => {
    await earlier.su.query(`DROP TABLE query.order_production`);
    const writer = new HistoryWriter(earlier.db.dataSource);
    const mug = { sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2490, options: { colour: 'blue' } };
    const document = {
      ...ref,
      orderNumber: 'OF-000001',
      customer: { id: 'C-1', name: 'Ada Lovelace', email: 'ada@example.com' },
      shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      lines: [mug],
      currency: 'EUR',
      totalMinor: 2490,
      placedAt: '2026-01-05T08:00:00.000Z',
    };
    await writer.append(new Date('2026-01-05T08:00:00.000Z'), StreamIds.order(orderId), 'channel:webshop',
      ev('OrderPlaced', { ...document, status: 'PLACED' }),
      ev('OrderConfirmed', {
        ...document,
        lines: [{ ...mug, madeToOrder: { productionLeadTimeDays: 5, cancellationAfterStart: 'charge', dueDate: '2026-01-10' } }],
        confirmedAt: '2026-01-05T08:00:00.000Z',
        estimatedDeliveryDate: '2026-01-12',
        status: 'CONFIRMED',
      }),
    );
    await writer.append(new Date('2026-01-05T08:00:01.000Z'), StreamIds.production('OF-000001-P1'), 'service:inventory-service',
      ev('ProductionOrdered', {
        productionOrderId: 'OF-000001-P1',
        ...ref,
        sku: 'MUG-CUSTOM',
        orderNumber: 'OF-000001',
        quantity: 1,
        options: { colour: 'blue' },
        dueDate: '2026-01-10',
        warehouseId: 'WH-BER',
        orderedAt: '2026-01-05T08:00:01.000Z',
      }),
    );
    // The old projection's document of the order: its lines without the new fields.
    await earlier.su.query(`INSERT INTO query.orders (order_id, channel, external_order_id, last_position, doc) VALUES ($1, 'webshop', 'W-1001', 1, '{"lines": []}')`, [orderId]);

    await migrate(earlier.db.adminUrl, [...platformMigrations, ...queryMigrations]);

    const owners = (await earlier.su.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename IN ('orders', 'order_production')`)).rows;
    expect(owners).toHaveLength(2);
    expect(new Set(owners.map((r) => r.tableowner)).size).toBe(1);
    expect((await earlier.su.query(`SELECT count(*)::int AS n FROM query.orders`)).rows).toEqual([{ n: 0 }]);
    expect((await earlier.su.query(`SELECT * FROM checkpoints WHERE subscriber = 'projection:orders'`)).rows).toEqual([]);

    await catchUpProjection(earlier.db.dataSource, ordersProjection);
    const [{ doc }] = (await earlier.su.query(`SELECT doc FROM query.orders WHERE order_id = $1`, [orderId])).rows;
    expect(doc.lines[0]).toMatchObject({ options: { colour: 'blue' }, madeToOrder: { dueDate: '2026-01-10' }, production: { productionOrderId: 'OF-000001-P1', status: 'REQUESTED' } });
    expect((await earlier.su.query(`SELECT production_order_id, status, warehouse_id FROM query.order_production`)).rows).toEqual([
      { production_order_id: 'OF-000001-P1', status: 'REQUESTED', warehouse_id: 'WH-BER' },
    ]);
    // The service's role can rebuild (create, swap and drop) the table the migration made, with its indexes.
    const [result] = await rebuildProjection(earlier.db.dataSource, 'orders');
    expect(result.rows.order_production).toBe(1);
  });
});
