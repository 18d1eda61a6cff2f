import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { createDataSource } from '@orderflow/platform';
import {
  createTestDatabase,
  createTestTopics,
  FaultProxy,
  testBus,
  TestDatabase,
  uniqueSuffix,
  waitFor,
} from '@orderflow/testing';
import { createEffectsTable, effectCounts, readTopic } from '../../test/support';
import { BusAdmin, BusProducer, MessageBus, OutgoingMessage } from '../bus/message-bus';
import { OutboxRelay, toServiceEventMessage } from '../relay/outbox-relay';
import { jsonDecoder } from './decoder';
import { ReliableConsumer } from './reliable-consumer';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

const message = (topic: string, key: string): OutgoingMessage & { id: string } => {
  const id = randomUUID();
  return { id, topic, key, value: JSON.stringify({ type: 'Noted', version: 1, messageId: id }) };
};

/** The same database reached through a fault proxy: what a service sees across a flaky network. */
function throughProxy(db: TestDatabase, proxy: FaultProxy, name: string): DataSource {
  const url = new URL(db.appUrl);
  url.host = `${proxy.host}:${proxy.port}`;
  return createDataSource(url.toString(), { poolSize: 6, applicationName: name });
}

async function dlqSize(admin: BusAdmin, topic: string): Promise<number> {
  const offsets = await admin.topicOffsets(topic);
  return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}

describe('outages are waited out, never dead-lettered (real PostgreSQL and Kafka, a TCP fault proxy)', () => {
  let db: TestDatabase;
  let bus: MessageBus;
  let producer: BusProducer;
  let admin: BusAdmin;
  let proxy: FaultProxy;

  beforeAll(async () => {
    db = await createTestDatabase();
    bus = testBus();
    producer = await bus.producer();
    admin = await bus.admin();
    await createEffectsTable(db);
    const target = new URL(db.appUrl);
    proxy = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 5432) } });
  });
  afterAll(async () => {
    await proxy?.close();
    await admin?.disconnect();
    await producer?.disconnect();
    await db?.drop();
  });

  it('a database outage of 8 s, cutting transactions mid-flight: every message applied once, no dead letter, health degraded meanwhile', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [
      { topic, partitions: 3 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const dataSource = await throughProxy(db, proxy, 'outage-consumer').initialize();
    const consumer = new ReliableConsumer({
      bus,
      dataSource,
      groupId: `g-${suffix}`,
      topics: [topic],
      decode: jsonDecoder(),
      logger: quiet,
      unitOfWorkSize: 10,
      resolveHandler: () => async (_payload, ctx) => {
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'outage')`, [ctx.messageId]);
        await new Promise((r) => setTimeout(r, 5)); // keep transactions open long enough to be cut
      },
    });
    const sent = Array.from({ length: 600 }, (_, i) => message(topic, `order-${i % 40}`));
    await consumer.start();
    try {
      await producer.send(sent.slice(0, 300));
      await waitFor('some applied before the outage', async () => (await effectCounts(db)).size >= 50);

      await proxy.down('refuse');
      const outageStarted = Date.now();
      await producer.send(sent.slice(300)); // arrives while the database is away
      await waitFor('the consumer reports itself degraded', () => consumer.health().status === 'degraded');
      const during = consumer.health();
      await new Promise((r) => setTimeout(r, Math.max(0, 8000 - (Date.now() - outageStarted))));
      await proxy.up();

      const counts = await waitFor(
        'all 600 applied after the outage',
        async () => {
          const c = await effectCounts(db);
          return sent.every((m) => c.has(m.id)) ? c : undefined;
        },
        { timeoutMs: 90_000 },
      );
      expect(during.detail).toMatch(/transient/);
      expect(sent.filter((m) => counts.get(m.id) !== 1)).toEqual([]);
      expect(proxy.stats().dropped).toBeGreaterThan(0);
      await waitFor('healthy again', () => consumer.health().status === 'up');
    } finally {
      await consumer.stop();
      await dataSource.destroy();
    }
    expect(await dlqSize(admin, `${topic}.dlq`)).toBe(0);
  });

  it('a member waiting out an outage lets go of its partitions when the group rebalances, so a healthy member takes them at once', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    const groupId = `g-${suffix}`;
    await createTestTopics(bus, [
      { topic, partitions: 4 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const flakySource = await throughProxy(db, proxy, 'waiting-member').initialize();
    const member = (dataSource: DataSource, instance: string) =>
      new ReliableConsumer({
        bus,
        dataSource,
        groupId,
        topics: [topic],
        decode: jsonDecoder(),
        logger: quiet,
        resolveHandler: () => async (_payload, ctx) => {
          await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, $2)`, [ctx.messageId, instance]);
        },
      });
    const waiting = member(flakySource, 'waiting');
    const healthy = member(db.dataSource, 'healthy');
    const sent = Array.from({ length: 200 }, (_, i) => message(topic, `order-${i % 20}`));
    await waiting.start();
    try {
      await waitFor('the first member owns every partition', () => (waiting.assignment()[topic] ?? []).length === 4);
      await proxy.down('refuse'); // its database is gone: every partition of it waits
      await producer.send(sent);
      await waitFor('the first member waits', () => waiting.health().status === 'degraded');
      const joining = healthy.start();
      // Before the 20 s rebalance timeout runs out: the waiting member must not hold the group up
      // (it lets go as soon as its heartbeat hears of the rebalance, instead of being thrown out).
      await waitFor('the healthy member was given partitions', () => (healthy.assignment()[topic] ?? []).length > 0, { timeoutMs: 15_000 });
      await joining;
      await proxy.up();
      const counts = await waitFor(
        'all 200 applied',
        async () => {
          const c = await effectCounts(db);
          return sent.every((m) => c.has(m.id)) ? c : undefined;
        },
        { timeoutMs: 90_000 },
      );
      expect(sent.filter((m) => counts.get(m.id) !== 1)).toEqual([]);
    } finally {
      await healthy.stop();
      await waiting.stop();
      await flakySource.destroy();
    }
    expect(await dlqSize(admin, `${topic}.dlq`)).toBe(0);
  });

  it('a relay whose lock session died with the connection steps down; the standby takes over and nothing is lost', async () => {
    const suffix = uniqueSuffix();
    const category = `rel${suffix}`;
    const topic = `t${suffix}.relay.events`;
    await createTestTopics(bus, [{ topic, partitions: 2 }]);
    const direct = new EventStore(db.dataSource);
    const flakySource = await throughProxy(db, proxy, 'flaky-relay').initialize();
    const flaky = new OutboxRelay({
      name: `r-${suffix}`,
      store: new EventStore(flakySource),
      bus,
      categories: [category],
      toMessages: toServiceEventMessage(topic),
      standbyRetryMs: 200,
      logger: quiet,
    });
    const steady = new OutboxRelay({
      name: `r-${suffix}`,
      store: direct,
      bus,
      categories: [category],
      toMessages: toServiceEventMessage(topic),
      standbyRetryMs: 200,
      logger: quiet,
    });
    const append = async (n: number, tag: string) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const eventId = randomUUID();
        ids.push(eventId);
        await direct.append(`${category}-${tag}-${i}`, [{ eventId, type: 'ThingHappened', data: { i } }], { expectedVersion: 'no_stream' });
      }
      return ids;
    };
    flaky.start();
    try {
      await waitFor('the flaky relay is active', () => flaky.isActive);
      steady.start();
      const before = await append(20, 'a');
      await proxy.down('refuse'); // the active relay's lock session is gone with its connection
      await waitFor('the standby took the lock', () => steady.isActive, { timeoutMs: 20_000 });
      const after = await append(20, 'b');
      await proxy.up();
      await waitFor('the flaky relay stepped down to standby', () => !flaky.isActive, { timeoutMs: 20_000 });
      expect(await steady.health()).toMatchObject({ status: 'up', detail: 'active' });
      expect((await flaky.health()).detail).toMatch(/standby/);

      const published = await readTopic(bus, topic, (seen) => {
        const ids = new Set(seen.map((m) => JSON.parse(m.value!.toString()).messageId));
        return [...before, ...after].every((id) => ids.has(id));
      });
      const ids = new Set(published.map((m) => JSON.parse(m.value!.toString()).messageId));
      expect([...before, ...after].filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      await flaky.stop();
      await steady.stop();
      await flakySource.destroy();
    }
  });
});
