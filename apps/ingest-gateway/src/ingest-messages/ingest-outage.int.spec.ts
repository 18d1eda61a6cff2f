import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allTopicSpecs } from '@orderflow/contracts';
import { createTestDatabase, createTestTopics, FaultProxy, GatewayKeys, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix } from '@orderflow/testing';
import { ingestMigrations } from '../infrastructure/migrations';
import { IngestGatewayModule } from '../ingest-gateway.module';

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
  let db: TestDatabase;
  let proxy: FaultProxy;
  let app: INestApplication;
  let baseUrl: string;
  let keys: GatewayKeys;
  const namespace = `ingestout${uniqueSuffix()}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase(ingestMigrations);
    await createTestTopics(testBus(namespace), allTopicSpecs(namespace));
    const target = new URL(db.appUrl);
    proxy = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 5432) } });
    Object.assign(process.env, {
      DATABASE_URL: proxy.rewrite(db.appUrl),
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      TOPIC_NAMESPACE: namespace,
      KAFKA_LOG_LEVEL: 'NOTHING',
    });
    app = await NestFactory.create(IngestGatewayModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // Issued (and checked once) before any outage: a key is checked from memory while the database is away.
    keys = new GatewayKeys(db.dataSource);
    await post(order(`W-${uniqueSuffix()}`));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
    process.env = saved;
  });

  const post = async (body: unknown) =>
    fetch(`${baseUrl}/v1/channel-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await keys.headersFor('/v1/channel-orders', body)) },
      body: JSON.stringify(body),
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
