import { randomUUID } from 'node:crypto';
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
import { BusProducer, MessageBus, OutgoingMessage } from '../bus/message-bus';
import { DomainError } from '@orderflow/decider';
import { ConcurrencyError } from '@orderflow/event-store';
import { jsonDecoder } from './decoder';
import { ReliableConsumer, ReliableConsumerOptions } from './reliable-consumer';

const CONSUMER_FIXTURE = 'libs/messaging/test/fixtures/consumer-process.ts';

const message = (topic: string, key: string, type = 'Noted'): OutgoingMessage & { id: string } => {
  const id = randomUUID();
  return { id, topic, key, value: JSON.stringify({ type, version: 1, messageId: id, occurredAt: new Date().toISOString() }) };
};

describe('ReliableConsumer (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let bus: MessageBus;
  let producer: BusProducer;
  const quiet = { log: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

  beforeAll(async () => {
    db = await createTestDatabase();
    bus = testBus();
    producer = await bus.producer();
    await createEffectsTable(db);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await db?.drop();
  });

  const consumerFor = (topic: string, groupId: string, instance: string, extra: Partial<ReliableConsumerOptions> = {}) =>
    new ReliableConsumer({
      bus,
      dataSource: db.dataSource,
      groupId,
      topics: [topic],
      decode: jsonDecoder(),
      logger: quiet,
      resolveHandler: () => async (_payload, ctx) => {
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, $2)`, [ctx.messageId, instance]);
      },
      ...extra,
    });

  it('tries a refused message once more on the streams as stored before it dead-letters it', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [
      { topic, partitions: 1 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const [staleRefusal, realRefusal, after] = [message(topic, 'k'), message(topic, 'k', 'Refused'), message(topic, 'k')];
    await producer.send([staleRefusal, realRefusal, after]);
    const consumer = consumerFor(topic, `g-${suffix}`, 'refusals', {
      resolveHandler: (type) => async (_payload, ctx) => {
        // As if decided on a state the process remembered: another instance had moved the stream on.
        if (type === 'Refused' || !ctx.readFresh) throw new DomainError('no-carrier', 'shipment has no carrier booked');
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'refusals')`, [ctx.messageId]);
      },
    });
    await consumer.start();
    try {
      await waitFor('both good messages applied', async () => {
        const c = await effectCounts(db);
        return c.get(staleRefusal.id) === 1 && c.get(after.id) === 1;
      });
    } finally {
      await consumer.stop();
    }
    const dead = await readTopic(bus, `${topic}.dlq`, (seen) => seen.length >= 1);
    expect(dead.map((d) => JSON.parse(d.value!.toString()).messageId)).toEqual([realRefusal.id]);
    expect(dead[0].headers).toMatchObject({ 'dlq-attempts': '2' });
    expect(dead[0].headers['dlq-reason']).toMatch(/unprocessable: shipment has no carrier booked/);
  });

  it('redoes a message that keeps losing races, promptly and then waited out, until it applies once', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [
      { topic, partitions: 1 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const [contended, after] = [message(topic, 'k', 'Contended'), message(topic, 'k')];
    await producer.send([contended, after]);
    // More lost races in a row than the consumer retries promptly: the rest are waited out.
    const losses = 30;
    let attempts = 0;
    const consumer = consumerFor(topic, `g-${suffix}`, 'races', {
      retryBackoffMs: 5,
      maxBackoffMs: 20,
      resolveHandler: (type) => async (_payload, ctx) => {
        if (type === 'Contended' && ++attempts <= losses) throw new ConcurrencyError('ledger-1', attempts, attempts + 1);
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'races')`, [ctx.messageId]);
      },
    });
    await consumer.start();
    try {
      await waitFor('both messages applied', async () => {
        const c = await effectCounts(db);
        return c.get(contended.id) === 1 && c.get(after.id) === 1;
      });
    } finally {
      await consumer.stop();
    }
    expect(attempts).toBe(losses + 1);
  });

  it('dead-letters poison messages with their original bytes and reason, and the partition keeps flowing', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [
      { topic, partitions: 1 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const good = [message(topic, 'k'), message(topic, 'k'), message(topic, 'k')];
    const explode = message(topic, 'k', 'Explode');
    const garbage = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x6e]); // '{"' then bytes that are not JSON
    await producer.send([
      good[0],
      { topic, key: 'k', value: garbage, headers: { 'x-origin': 'test' } },
      good[1],
      explode,
      { topic, key: 'k', value: JSON.stringify({ type: 'NoId' }) },
      good[2],
    ]);

    let explodeAttempts = 0;
    const consumer = consumerFor(topic, `g-${suffix}`, 'poison', {
      maxAttempts: 3,
      retryBackoffMs: 10,
      resolveHandler: (type) => async (_payload, ctx) => {
        if (type === 'Explode') {
          explodeAttempts += 1;
          throw new Error('warehouse system unreachable');
        }
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'poison')`, [ctx.messageId]);
      },
    });
    await consumer.start();
    try {
      await waitFor('all good messages applied', async () => {
        const c = await effectCounts(db);
        return good.every((g) => c.get(g.id) === 1);
      });
    } finally {
      await consumer.stop();
    }
    expect(explodeAttempts).toBe(3);

    const dead = await readTopic(bus, `${topic}.dlq`, (seen) => seen.length >= 3);
    expect(dead).toHaveLength(3);
    const [notJson, failed, noId] = dead;
    expect(notJson.value).toEqual(garbage);
    expect(notJson.headers).toMatchObject({
      'x-origin': 'test',
      'dlq-source-topic': topic,
      'dlq-source-partition': '0',
      'dlq-source-offset': '1',
      'dlq-attempts': '0',
    });
    expect(notJson.headers['dlq-reason']).toMatch(/not valid JSON/);
    expect(JSON.parse(failed.value!.toString()).messageId).toBe(explode.id);
    expect(failed.headers['dlq-reason']).toMatch(/failed after 3 attempts: Error: warehouse system unreachable/);
    expect(failed.headers['dlq-source-offset']).toBe('3');
    expect(noId.headers['dlq-reason']).toMatch(/messageId/);
    const effects = await effectCounts(db);
    expect(effects.has(explode.id)).toBe(false); // a failed attempt leaves no trace
  });

  it('applies a redelivered message once: the inbox turns a repeat into a no-op', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [{ topic, partitions: 2 }]);
    const m = message(topic, 'same');
    await producer.send([m, { ...m }, { ...m, key: 'other-key' }]); // the same messageId three times
    const consumer = consumerFor(topic, `g-${suffix}`, 'dup');
    await consumer.start();
    try {
      await waitFor('message applied', async () => (await effectCounts(db)).get(m.id) === 1);
      const admin = await bus.admin();
      await waitFor('all offsets committed', async () => (await admin.groupLag(`g-${suffix}`, topic)) === 0);
      await admin.disconnect();
    } finally {
      await consumer.stop();
    }
    expect((await effectCounts(db)).get(m.id)).toBe(1);
  });

  it('after a SIGKILL mid-batch, a restarted consumer applies every message exactly once', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    const groupId = `g-${suffix}`;
    await createTestTopics(bus, [{ topic, partitions: 3 }]);
    const sent = Array.from({ length: 300 }, (_, i) => message(topic, `order-${i % 30}`));
    await producer.send(sent);
    const env = { DATABASE_URL: db.appUrl, KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','), GROUP_ID: groupId, TOPIC: topic };

    const doomed = spawnTs(CONSUMER_FIXTURE, { ...env, INSTANCE: `doomed-${suffix}`, CRASH_AFTER_UNITS: '3' });
    expect((await doomed.exited()).signal).toBe('SIGKILL');
    const before = await effectCounts(db);
    const appliedBeforeCrash = sent.filter((m) => before.has(m.id)).length;
    expect(appliedBeforeCrash).toBeGreaterThanOrEqual(10); // work was committed, offsets were not
    expect(appliedBeforeCrash).toBeLessThan(300);

    const survivor = spawnTs(CONSUMER_FIXTURE, { ...env, INSTANCE: `survivor-${suffix}` });
    try {
      const counts = await waitFor(
        'all 300 applied',
        async () => {
          const c = await effectCounts(db);
          return sent.every((m) => c.has(m.id)) ? c : undefined;
        },
        { timeoutMs: 90_000 },
      );
      sent.forEach((m) => expect(counts.get(m.id)).toBe(1));
    } finally {
      await survivor.kill();
    }
  });

  it('shares partitions between two members of a group and loses nothing across rebalances', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    const groupId = `g-${suffix}`;
    await createTestTopics(bus, [{ topic, partitions: 6 }]);
    const batchOf = (n: number, tag: string) => Array.from({ length: n }, (_, i) => message(topic, `${tag}-${i % 24}`));
    const sent = batchOf(200, 'a');
    await producer.send(sent);

    const first = consumerFor(topic, groupId, 'first');
    const second = consumerFor(topic, groupId, 'second');
    await first.start();
    await second.start();
    let firstStopped = false;
    try {
      await waitFor('both members own partitions', () => {
        const a = first.assignment()[topic] ?? [];
        const b = second.assignment()[topic] ?? [];
        return a.length > 0 && b.length > 0 && a.length + b.length === 6 && a.every((p) => !b.includes(p));
      });
      const more = batchOf(200, 'b');
      sent.push(...more);
      await producer.send(more);
      await waitFor('second member applied some', async () => {
        const rows = (await db.dataSource.query(
          `SELECT count(*)::int AS n FROM effects WHERE instance = 'second' AND message_id = ANY($1)`,
          [sent.map((m) => m.id)],
        )) as { n: number }[];
        return rows[0].n > 0;
      });
      await first.stop(); // rebalance: every partition moves to the second member
      firstStopped = true;
      const last = batchOf(100, 'c');
      sent.push(...last);
      await producer.send(last);
      const counts = await waitFor(
        'all 500 applied',
        async () => {
          const c = await effectCounts(db);
          return sent.every((m) => c.has(m.id)) ? c : undefined;
        },
        { timeoutMs: 90_000 },
      );
      sent.forEach((m) => expect(counts.get(m.id)).toBe(1));
    } finally {
      if (!firstStopped) await first.stop();
      await second.stop();
    }
  });
});
