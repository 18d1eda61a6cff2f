import { randomUUID } from 'node:crypto';
import { orderIdFor, StreamIds } from '@orderflow/contracts';
import { TestSystem } from './support/system';

const orderSubmitted = (externalOrderId: string) => ({
  type: 'OrderSubmitted',
  version: 1,
  messageId: randomUUID(),
  occurredAt: new Date().toISOString(),
  channel: 'marketplace',
  externalOrderId,
  customer: { id: `cust-${externalOrderId}`, name: 'Grace Hopper', email: 'grace@example.com' },
  shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' },
  lines: [{ sku: 'LAMP-OAK', quantity: 1, unitPriceMinor: 8900 }],
  currency: 'EUR',
});

describe('ingest gateway end to end', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'ingest-gateway']);
    await system.db.dataSource.query(`INSERT INTO order_known_skus (sku) VALUES ('LAMP-OAK')`);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('turns a batch of orders POSTed over HTTP into confirmed orders, once, however often it is resent', async () => {
    const gateway = system.services.get('ingest-gateway')!.url;
    const batch = ['HTTP-1', 'HTTP-2', 'HTTP-3'].map(orderSubmitted);
    const send = async (headers: Record<string, string> = {}) =>
      fetch(`${gateway}/v1/channel-orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await system.gatewayKeys.headersFor('/v1/channel-orders', batch)), ...headers },
        body: JSON.stringify(batch),
      });
    const key = randomUUID();

    const first = await send({ 'idempotency-key': key });
    expect({ status: first.status, body: await first.json() }).toMatchObject({ status: 202, body: { published: 3 } });

    for (const m of batch) {
      const confirmed = await system.waitForEvent(StreamIds.order(orderIdFor(m.channel, m.externalOrderId)), 'OrderConfirmed');
      expect(confirmed.data).toMatchObject({ totalMinor: 8900, currency: 'EUR' });
    }

    const replay = await send({ 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const resent = await send();
    expect(await resent.json()).toMatchObject({ published: 0, duplicates: 3 });
    const placed = await system.eventsOfType<{ externalOrderId: string }>('OrderPlaced');
    expect(placed.map((e) => e.data.externalOrderId).sort()).toEqual(['HTTP-1', 'HTTP-2', 'HTTP-3']);
  });
});
