import { randomUUID } from 'node:crypto';
import { CheckpointStore, EventStore, NewEvent } from '@orderflow/event-store';
import {
  createTestDatabase,
  createTestTopics,
  spawnTs,
  TEST_KAFKA_BROKERS,
  testBus,
  TestDatabase,
  uniqueSuffix,
  waitFor,
} from '@orderflow/testing';
import { createEffectsTable, effectCounts, readTopic } from '../../test/support';
import { MessageBus } from '../bus/message-bus';
import { jsonDecoder } from '../consumer/decoder';
import { ReliableConsumer } from '../consumer/reliable-consumer';
import { OutboxRelay, toServiceEventMessage } from './outbox-relay';

const RELAY_FIXTURE = 'libs/messaging/test/fixtures/relay-process.ts';

describe('OutboxRelay (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let bus: MessageBus;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
    bus = testBus();
    await createEffectsTable(db);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const appendEvents = async (category: string, streams: number, perStream: number) => {
    for (let s = 0; s < streams; s++) {
      const events: NewEvent[] = Array.from({ length: perStream }, (_, i) => ({
        eventId: randomUUID(),
        type: 'ThingHappened',
        data: { stream: s, n: i },
        metadata: { correlationId: `corr-${s}`, causationId: `cause-${s}-${i}` },
      }));
      await store.append(`${category}-${s}`, events, { expectedVersion: 'no_stream' });
    }
  };

  it('publishes its own categories keyed by stream id, in stream order, with tracing headers', async () => {
    const suffix = uniqueSuffix();
    const category = `rel${suffix}`;
    const topic = `t${suffix}.relay.events`;
    await createTestTopics(bus, [{ topic, partitions: 3 }]);
    await appendEvents(category, 4, 5);
    await store.append(`other${suffix}-1`, [{ eventId: randomUUID(), type: 'NotOurs', data: {} }], {
      expectedVersion: 'no_stream',
    });

    const relay = new OutboxRelay({ name: `r-${suffix}`, store, bus, categories: [category], toMessages: toServiceEventMessage(topic) });
    relay.start();
    try {
      const records = await readTopic(bus, topic, (seen) => seen.length >= 20);
      expect(records).toHaveLength(20);
      const byStream = new Map<string, number[]>();
      for (const r of records) {
        const body = JSON.parse(r.value!.toString());
        expect(r.key!.toString()).toBe(body.streamId);
        expect(r.headers).toMatchObject({
          'event-id': body.messageId,
          'event-type': 'ThingHappened',
          'schema-version': '1',
          'correlation-id': `corr-${body.data.stream}`,
        });
        expect(r.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        byStream.set(body.streamId, [...(byStream.get(body.streamId) ?? []), body.streamVersion]);
      }
      for (const versions of byStream.values()) expect(versions).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await relay.stop();
    }
  });

  it('keeps exactly one relay active per name; a standby takes over when it stops', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.relay.events`;
    await createTestTopics(bus, [{ topic, partitions: 1 }]);
    const make = () =>
      new OutboxRelay({ name: `ha-${suffix}`, store, bus, categories: [`ha${suffix}`], toMessages: toServiceEventMessage(topic), standbyRetryMs: 50 });
    const first = make();
    const second = make();
    first.start();
    await waitFor('first relay active', () => first.isActive);
    second.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(second.isActive).toBe(false);
    await first.stop();
    await waitFor('standby relay active', () => second.isActive);
    await second.stop();
  });

  it('after a SIGKILL between broker ack and checkpoint, republishes rather than loses, and consumers apply each event once', async () => {
    const suffix = uniqueSuffix();
    const category = `crash${suffix}`;
    const topic = `t${suffix}.relay.events`;
    const name = `crash-${suffix}`;
    await createTestTopics(bus, [{ topic, partitions: 6 }]);
    await appendEvents(category, 20, 10); // 200 events
    const env = {
      DATABASE_URL: db.appUrl,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      RELAY_NAME: name,
      RELAY_CATEGORY: category,
      RELAY_TOPIC: topic,
      RELAY_BATCH_SIZE: '50',
    };

    const doomed = spawnTs(RELAY_FIXTURE, { ...env, CRASH_AFTER_PUBLISH: '1' });
    const exit = await doomed.exited();
    expect(exit.signal).toBe('SIGKILL');
    expect(doomed.output()).toContain('published 50');
    const checkpoints = new CheckpointStore(db.dataSource);
    expect((await checkpoints.load(`relay:${name}`)).globalPosition).toBe(0); // acked, never checkpointed

    const survivor = spawnTs(RELAY_FIXTURE, env);
    try {
      const head = await store.headPosition();
      await waitFor('relay checkpoint at the head', async () => (await checkpoints.load(`relay:${name}`)).globalPosition >= head);
    } finally {
      await survivor.kill();
    }

    const admin = await bus.admin();
    const published = await admin.groupLag(`nobody-${suffix}`, topic);
    await admin.disconnect();
    const records = await readTopic(bus, topic, (seen) => seen.length >= published);
    const perEvent = new Map<string, number>();
    records.forEach((r) => perEvent.set(r.headers['event-id'], (perEvent.get(r.headers['event-id']) ?? 0) + 1));
    expect(perEvent.size).toBe(200); // nothing lost
    expect([...perEvent.values()].filter((n) => n > 1).length).toBe(50); // the unacknowledged batch, again

    const consumer = new ReliableConsumer({
      bus,
      dataSource: db.dataSource,
      groupId: `g-${suffix}`,
      topics: [topic],
      decode: jsonDecoder(),
      resolveHandler: () => async (_payload, ctx) => {
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'relay-test')`, [ctx.messageId]);
      },
    });
    await consumer.start();
    try {
      const counts = await waitFor('every event applied', async () => {
        const c = await effectCounts(db);
        return [...perEvent.keys()].every((id) => c.has(id)) ? c : undefined;
      });
      for (const id of perEvent.keys()) expect(counts.get(id)).toBe(1);
    } finally {
      await consumer.stop();
    }
  });
});
