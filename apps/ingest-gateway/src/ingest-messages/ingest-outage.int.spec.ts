import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { FaultProxy, uniqueSuffix } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';

const order = (externalOrderId: string) => ({
  type: 'OrderSubmitted',
  version: 1,
  messageId: randomUUID(),
  occurredAt: new Date().toISOString(),
  channel: 'webshop',
  externalOrderId,
  customer: { id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1299 }],
  currency: 'EUR',
});

describe('ingest gateway while its database is away (real Kafka and PostgreSQL, a TCP fault proxy)', () => {
  let gateway: GatewayApp;
  let proxy: FaultProxy;

  const post = async (body: unknown) =>
    fetch(`${gateway.baseUrl}/v1/channel-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await gateway.keys.headersFor('/v1/channel-orders', body)) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    gateway = await startGatewayApp({
      prefix: 'ingestout',
      quiet: true,
      databaseUrl: async (db) => {
        const target = new URL(db.appUrl);
        proxy = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 5432) } });
        return proxy.rewrite(db.appUrl);
      },
    });
    // Issued (and checked once) before any outage: a key is checked from memory while the database is away.
    await post(order(`W-${uniqueSuffix()}`));
  });
  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After (not 500) while the database is unreachable, and 202 once it is back', async () => {
    const message = order(`W-${uniqueSuffix()}`);
    await proxy.down('refuse');
    const during = await post(message);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('1');
    expect(((await during.json()) as { message: string }).message).toMatch(/temporarily unavailable.*retry/);

    await proxy.up();
    const after = await post(message);
    expect(after.status).toBe(202);
    expect(await after.json()).toMatchObject({ published: 1, duplicates: 0 });
  });
});
