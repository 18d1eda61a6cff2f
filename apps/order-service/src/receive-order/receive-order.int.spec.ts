import { randomUUID } from 'node:crypto';
import { OrderSubmitted } from '@orderflow/contracts';
import { loadConfig } from '@orderflow/platform';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { orderMigrations } from '../infrastructure/migrations';
import { orderEnvSchema } from '../infrastructure/order.config';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { ReceiveOrderHandler } from './receive-order.handler';

const submitted = (channel: string, externalOrderId: string): OrderSubmitted => ({
  type: 'OrderSubmitted',
  version: 1,
  messageId: randomUUID(),
  occurredAt: '2026-11-25T10:00:00Z',
  channel,
  externalOrderId,
  customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Friedrichstr. 12', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG', quantity: 1, unitPriceMinor: 1299 }],
  currency: 'EUR',
});

describe('receive an order (real PostgreSQL)', () => {
  let db: TestDatabase;
  const handler = new ReceiveOrderHandler(new OrderCatalogRepository(loadConfig(orderEnvSchema, {})));

  beforeAll(async () => {
    db = await createTestDatabase(orderMigrations);
    await db.dataSource.query(`INSERT INTO order_known_skus (sku) VALUES ('MUG')`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('confirms an order from a configured channel', async () => {
    const events = await inUnitOfWork(db, (uow) => handler.handle(submitted('webshop', 'W-1'), uow));
    expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  // Channel names are looked up in the ORDER_CHANNELS configuration: a plain object's inherited
  // members must not pass for channels.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'rejects an order from channel "%s", which is not configured, with the reason',
    async (channel) => {
      const events = await inUnitOfWork(db, (uow) => handler.handle(submitted(channel, `X-${channel}`), uow));
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderRejected']);
      expect(events[1].data).toMatchObject({ channel, reasons: [`channel "${channel}" is not configured`], status: 'REJECTED' });
    },
  );
});
