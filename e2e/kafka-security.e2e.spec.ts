import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { allTopicSpecs, inboundKey, orderIdFor, StreamIds, topicName, Topics } from '@orderflow/contracts';
import { createKafkaBus, MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { kafkaBusConfig, loadConfig, platformEnvSchema } from '@orderflow/platform';
import { ChildHandle, createTestDatabase, SecureBroker, spawnTs, startSecureBroker, TestDatabase, uniqueSuffix, validInbound, waitFor } from '@orderflow/testing';
import { allMigrations } from '../tools/db/migrations';

/**
 * A service and the CLI on a cluster that requires SCRAM over TLS, as a managed one does: a broker
 * of this spec's own (the shared one is not involved), reached only through the KAFKA_SASL_* and
 * KAFKA_TLS_* variables.
 */
describe('a service and the CLI on a broker that requires SCRAM-SHA-512 over TLS', () => {
  let broker: SecureBroker;
  let db: TestDatabase;
  let bus: MessageBus;
  let kafkaEnv: Record<string, string>;
  const namespace = `sec${uniqueSuffix()}`;
  const children: ChildHandle[] = [];

  beforeAll(async () => {
    broker = await startSecureBroker();
    kafkaEnv = {
      KAFKA_BROKERS: broker.saslAddress,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.username,
      KAFKA_SASL_PASSWORD: broker.password,
      KAFKA_TLS_CA_FILE: broker.caFile,
      TOPIC_NAMESPACE: namespace,
      KAFKA_LOG_LEVEL: 'ERROR',
    };
    bus = createKafkaBus(kafkaBusConfig(loadConfig(platformEnvSchema, kafkaEnv), 'kafka-security-spec'));
    const admin = await bus.admin();
    try {
      await admin.ensureTopics(allTopicSpecs(namespace));
    } finally {
      await admin.disconnect();
    }
    db = await createTestDatabase(allMigrations);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGTERM')));
    await db?.drop();
    await broker?.stop();
  });

  const start = (entry: string, env: Record<string, string>, args: string[] = []) => {
    const owner = /^apps\/([^/]+)\//.exec(entry)?.[1] ?? 'cli';
    const child = spawnTs(entry, { DATABASE_URL: db.urlFor(owner), ...env }, args);
    children.push(child);
    return child;
  };
  const recordsOf = async (contractTopic: string) => readTopicToEnd(bus, topicName(contractTopic, namespace));

  it('the order service consumes an order, applies it and relays its events, all over SCRAM and TLS', async () => {
    const port = await freePort();
    const service = start('apps/order-service/src/main.ts', { ...kafkaEnv, PORT: String(port) });
    await service.waitForOutput(/ready on http/, 90_000);
    const health = await waitFor('order-service healthy', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.status === 200 ? ((await res.json()) as { checks: Record<string, { status: string }> }) : undefined;
    });
    expect(health.checks.kafka.status).toBe('up');

    const order = validInbound('OrderSubmitted', 1, randomUUID(), 'SEC');
    const producer = await bus.producer();
    try {
      await producer.send([{ topic: topicName(Topics.channelOrders, namespace), key: inboundKey(Topics.channelOrders, order), value: JSON.stringify(order) }]);
    } finally {
      await producer.disconnect();
    }
    const orderId = orderIdFor('webshop', String(order.externalOrderId));
    const relayed = await waitFor('the order placed, on order.events', async () => {
      const records = await recordsOf(Topics.orderEvents);
      return records.find((r) => r.key?.toString() === StreamIds.order(orderId) && r.headers['event-type'] === 'OrderPlaced');
    }, { timeoutMs: 90_000, intervalMs: 500 });
    expect(JSON.parse(relayed.value!.toString())).toMatchObject({ type: 'OrderPlaced', data: { orderId, externalOrderId: order.externalOrderId } });
  });

  it('a service given a mechanism without credentials does not start, and says which variables are missing', async () => {
    const service = start('apps/order-service/src/main.ts', { ...kafkaEnv, KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', PORT: String(await freePort()) });
    const { code } = await service.exited();
    expect(code).toBe(1);
    expect(service.output()).toMatch(/KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-512/);
    expect(service.output()).toMatch(/KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-512/);
  });

  it('the CLI produces with the same variables, keyed by the contract', async () => {
    const order = validInbound('OrderSubmitted', 2, randomUUID(), 'SEC');
    const file = join(broker.dir, 'orders.ndjson');
    writeFileSync(file, `${JSON.stringify(order)}\n`);
    const cli = start('apps/cli/src/main.ts', kafkaEnv, ['produce', file, '--topic', Topics.channelOrders]);
    const { code } = await cli.exited();
    expect([code, cli.output()]).toEqual([0, expect.anything()]);
    const records = await recordsOf(Topics.channelOrders);
    expect(records.filter((r) => r.key?.toString() === `webshop:${String(order.externalOrderId)}`)).toHaveLength(1);
  });

  it('the CLI refuses a wrong password without showing it', async () => {
    const wrong = `${broker.password}-not`;
    const file = join(broker.dir, 'refused.ndjson');
    writeFileSync(file, `${JSON.stringify(validInbound('OrderSubmitted', 3, randomUUID(), 'SEC'))}\n`);
    const cli = start('apps/cli/src/main.ts', { ...kafkaEnv, KAFKA_SASL_PASSWORD: wrong }, ['produce', file, '--topic', Topics.channelOrders]);
    const { code } = await cli.exited();
    expect(code).toBe(1);
    expect(cli.output()).toMatch(/orderflow: .*SASL SCRAM SHA512 authentication failed/);
    expect(cli.output()).not.toContain(wrong);
  });

  it('the CLI stops on an unknown mechanism, naming the variable', async () => {
    const cli = start('apps/cli/src/main.ts', { ...kafkaEnv, KAFKA_SASL_MECHANISM: 'gssapi' }, ['dlq', 'list', Topics.channelOrders]);
    const { code } = await cli.exited();
    expect(code).toBe(1);
    expect(cli.output()).toMatch(/KAFKA_SASL_MECHANISM: expected scram-sha-256, scram-sha-512 or plain, got "gssapi"/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
