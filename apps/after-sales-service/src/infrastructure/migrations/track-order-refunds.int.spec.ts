import { randomUUID } from 'node:crypto';
import { orderIdFor } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { migrate, platformMigrations } from '@orderflow/platform';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { OrderViewRepository } from '../order-view.repository';
import { CreateAfterSalesViews1732400040000 } from './1732400040000-create-aftersales-views';
import { CreateAwaitedReturns1732400041000 } from './1732400041000-create-awaited-returns';
import { afterSalesMigrations } from '.';

describe('migration: orders recorded before refunds were tracked (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([CreateAfterSalesViews1732400040000, CreateAwaitedReturns1732400041000]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('takes what was paid from the order lines and what was refunded from the RefundIssued events already stored', async () => {
    const refunded = orderIdFor('webshop', 'W-OLD-1');
    const untouched = orderIdFor('webshop', 'W-OLD-2');
    const su = await adminClient(db);
    try {
      for (const orderId of [refunded, untouched]) {
        await su.query(
          `INSERT INTO aftersales_orders (order_id, order_number, channel, external_order_id, currency, ship_to, confirmed_at)
           VALUES ($1, 'OF-1', 'webshop', 'W-OLD', 'EUR', '{}', now())`,
          [orderId],
        );
        await su.query(
          `INSERT INTO aftersales_order_lines (order_id, sku, unit_price_minor, ordered) VALUES ($1, 'MUG-RED', 1250, 2), ($1, 'TEA-GREEN', 899, 3)`,
          [orderId],
        );
      }
    } finally {
      await su.end();
    }
    const store = new EventStore(db.dataSource);
    const refund = (stream: string, amountMinor: number, source: Record<string, string>) =>
      store.append(
        stream,
        [
          {
            eventId: randomUUID(),
            type: 'RefundIssued',
            data: { orderId: refunded, channel: 'webshop', externalOrderId: 'W-OLD-1', ...source, amountMinor, currency: 'EUR', reason: 'GOODWILL', issuedAt: new Date().toISOString() },
          },
        ],
        { expectedVersion: 'any' },
      );
    await refund('return-RMA-000001', 2500, { rmaNumber: 'RMA-000001' });
    await refund('complaint-CMP-000001', 300, { complaintId: 'CMP-000001' });
    await refund('complaint-CMP-000002', 200, { complaintId: 'CMP-000002' });

    await migrate(db.adminUrl, [...platformMigrations, ...afterSalesMigrations]);

    const orders = new OrderViewRepository();
    const facts = await store.transaction(async (tx) => [await orders.refundableFor(tx, refunded), await orders.refundableFor(tx, untouched)]);
    expect(facts).toEqual([
      { currency: 'EUR', paidMinor: 5197, refundedMinor: 3000 },
      { currency: 'EUR', paidMinor: 5197, refundedMinor: 0 },
    ]);
  });
});
