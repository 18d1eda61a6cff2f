import { randomUUID } from 'node:crypto';
import { isSealedValue, OrderSubmitted } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { loadConfig, UnitOfWorkFactory } from '@orderflow/platform';
import { CustomerKeys, PersonalData } from '@orderflow/privacy';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { orderMigrations } from '../infrastructure/migrations';
import { orderEnvSchema } from '../infrastructure/order.config';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';
import { SeedReferenceData } from '../manage-reference-data/seed-reference-data';
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
  let handler: ReceiveOrderHandler;
  let personalData: PersonalData;

  beforeAll(async () => {
    db = await createTestDatabase(orderMigrations);
    personalData = new PersonalData(new CustomerKeys(db.dataSource, { masterKey: Buffer.from('a-master-key-for-this-spec-only-0123456789') }));
    handler = new ReceiveOrderHandler(new OrderCatalogRepository(), personalData, new OrderPaymentIndex());
    await db.dataSource.query(`INSERT INTO order_known_skus (sku) VALUES ('MUG')`);
    // The channels and lead times a first start records from the environment's defaults (docs/adr/0032).
    await new SeedReferenceData(loadConfig(orderEnvSchema, {}), new UnitOfWorkFactory(new EventStore(db.dataSource), () => new Date())).onApplicationBootstrap();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('confirms an order from a configured channel', async () => {
    const events = await inUnitOfWork(db, (uow) => handler.handle(submitted('webshop', 'W-1'), uow));
    // webshop is prepaid by default: the channel's checkout took the money (ADR 31).
    expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderPaymentCaptured']);
    // Indexed only once a refund is asked of it: the order's hot path writes no row for it.
    expect(await db.dataSource.query(`SELECT payment_id FROM order_payment_index`)).toEqual([]);
  });

  it('stores a plaintext submission (a channel producing straight to Kafka) with its personal fields sealed', async () => {
    const events = await inUnitOfWork(db, (uow) => handler.handle(submitted('webshop', 'W-PLAIN'), uow));
    const placed = events[0].data as unknown as { customer: Record<string, string>; shippingAddress: Record<string, string> };
    expect(placed.customer.id).toBe('C-7');
    for (const value of [placed.customer.name, placed.customer.email, placed.shippingAddress.line1, placed.shippingAddress.city, placed.shippingAddress.postalCode]) {
      expect(isSealedValue(value)).toBe(true);
    }
    expect(placed.shippingAddress.country).toBe('DE');
    expect(JSON.stringify(events)).not.toMatch(/Ada|ada@example|Friedrichstr|Berlin|10117/);
    const opened = JSON.parse((await personalData.openJson(JSON.stringify(placed))).text) as typeof placed;
    expect(opened).toMatchObject({ customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' }, shippingAddress: submitted('w', 'x').shippingAddress });
  });

  // Channel names arrive from channels, and ORDER_CHANNELS seeds the configured ones: a plain object's inherited
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
