import { randomUUID } from 'node:crypto';
import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { TestSystem } from './support/system';

describe('smoke', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start(['order-service']);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('confirms an order and notifies the channel; dead-letters garbage', async () => {
    await system.db.dataSource.query(`INSERT INTO order_known_skus (sku) VALUES ('MUG')`).catch(async () => {
      // the app role may only insert; fine
    });
    const notifications = await system.tap(Topics.channelNotifications);
    const dlq = await system.tap('channel.orders.dlq');
    const msg = {
      type: 'OrderSubmitted',
      version: 1,
      messageId: randomUUID(),
      occurredAt: new Date().toISOString(),
      channel: 'webshop',
      externalOrderId: 'S-1',
      customer: { id: 'c1', name: 'Ada', email: 'ada@example.com' },
      shippingAddress: { line1: 'x', city: 'Berlin', postalCode: '10115', country: 'DE' },
      lines: [{ sku: 'MUG', quantity: 1, unitPriceMinor: 500 }],
      currency: 'EUR',
    };
    await system.produce(Topics.channelOrders, [{ key: 'junk', value: '{not json' }, msg]);
    const orderId = orderIdFor('webshop', 'S-1');
    await system.waitForEvent(StreamIds.order(orderId), 'OrderConfirmed');
    const n = await notifications.waitFor('confirmation', (r: { type: string }) => r.type === 'OrderConfirmed');
    expect(n).toMatchObject({ orderId, channel: 'webshop', totalMinor: 500 });
    const dead = await dlq.waitFor('garbage dead-lettered', (_r, raw) => raw.value?.toString() === '{not json');
    expect(dead).toBeDefined();
  });
});
