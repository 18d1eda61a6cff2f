import { Client } from 'pg';
import { StreamIds } from '@orderflow/contracts';
import { migrate, platformMigrations } from '@orderflow/platform';
import { catchUpProjection, ordersProjection, paymentsProjection, rebuildProjection } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { ev, HistoryWriter, OrderScript } from '../../../test/order-history';
import { queryMigrations } from '.';
import { CreateQuerySchema1732400050000 } from './1732400050000-create-query-schema';
import { WidenProjectionQuantities1732400070000 } from './1732400070000-widen-projection-quantities';
import { QueryServiceRole1732400070100 } from './1732400070100-query-service-role';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * An installation made before payments: its query schema has no payment ledger, and its order
 * documents have no payment mode, payments or refund statuses. The migration adds the ledger as
 * the schema owner's and lets the orders projection replay, after which both are what a new
 * installation would have.
 */
describe('migration: payments on the read side of an earlier installation (real PostgreSQL)', () => {
  let db: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase([CreateQuerySchema1732400050000, WidenProjectionQuantities1732400070000, QueryServiceRole1732400070100]);
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.end();
    await db?.drop();
  });

  it('creates the ledger owned like every projection table, and the order documents are folded again with their payments', async () => {
    // The state before: no ledger, documents of the old shape, the orders projection at the head.
    await su.query(`DROP TABLE query.payment_ledger`);
    const writer = new HistoryWriter(db.dataSource);
    const order = new OrderScript(writer, {
      channel: 'webshop',
      externalOrderId: 'OLD-1',
      orderNumber: 'OF-700001',
      currency: 'EUR',
      customerId: 'C-OLD',
      lines: [{ sku: 'MUG', quantity: 1, unitPriceMinor: 1250 }],
      placedAt: new Date('2026-11-02T10:00:00.000Z'),
      estimatedDeliveryDate: '2026-11-05',
    }).placeAndConfirm();
    await writer.flush();
    await catchUpProjection(db.dataSource, ordersProjection);
    await su.query(`UPDATE query.orders SET doc = doc - 'paymentMode' - 'payments'`);

    await migrate(db.adminUrl, [...platformMigrations, ...queryMigrations]);

    const [ledger] = (await su.query(`SELECT tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename = 'payment_ledger'`)).rows;
    const [orders] = (await su.query(`SELECT tableowner FROM pg_tables WHERE schemaname = 'query' AND tablename = 'orders'`)).rows;
    expect(ledger).toEqual(orders);
    expect((await su.query(`SELECT count(*)::int AS n FROM query.orders`)).rows).toEqual([{ n: 0 }]);
    expect((await su.query(`SELECT * FROM checkpoints WHERE subscriber = 'projection:orders'`)).rows).toEqual([]);

    // An order of the old days, cancelled now that invoices exist: nothing was invoiced, nothing is owed.
    await writer.append(new Date('2026-11-03T10:00:00.000Z'), StreamIds.order(order.orderId), 'channel:webshop', ev('OrderCancelled', { ...order.ref, reason: 'late', cancelledAt: '2026-11-03T10:00:00.000Z', status: 'CANCELLED' }));
    await catchUpProjection(db.dataSource, ordersProjection);
    await catchUpProjection(db.dataSource, paymentsProjection);
    const [{ doc }] = (await su.query(`SELECT doc FROM query.orders WHERE order_id = $1`, [order.orderId])).rows as { doc: D }[];
    expect(doc).toMatchObject({ orderNumber: 'OF-700001', status: 'CANCELLED', paymentMode: 'prepaid', payments: [], refunds: [] });
    expect((await su.query(`SELECT count(*)::int AS n FROM query.payment_ledger`)).rows).toEqual([{ n: 0 }]);
    // The service's role can rebuild (create, swap and drop) the table the migration made.
    const [result] = await rebuildProjection(db.dataSource, 'payments');
    expect(result.rows).toEqual({ payment_ledger: 0 });
  });
});
