import { randomUUID } from 'node:crypto';
import { createTestDatabase, createTestTopics, testBus, TestDatabase, uniqueSuffix, waitFor } from '@orderflow/testing';
import { createEffectsTable, effectCounts } from '../../test/support';
import { BusProducer, MessageBus } from '../bus/message-bus';
import { ComponentHealth } from '../health';
import { jsonDecoder } from './decoder';
import { ReliableConsumer } from './reliable-consumer';

describe('a consumer the client crashed (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let bus: MessageBus;
  let producer: BusProducer;

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

  it('reports itself down, naming the crash, then is started again and applies everything once', async () => {
    const suffix = uniqueSuffix();
    const topic = `t${suffix}.inbound`;
    await createTestTopics(bus, [{ topic, partitions: 1 }]);
    const ids = Array.from({ length: 20 }, () => randomUUID());
    await producer.send(ids.map((id) => ({ topic, key: 'k', value: JSON.stringify({ type: 'Noted', messageId: id }) })));

    // A defect below the consumer's own error handling (here: in decoding) throws out of the batch
    // until it "is fixed"; with no client retries left the client gives up on its consumer for good.
    let defective = true;
    const decode = jsonDecoder();
    const seen: ComponentHealth[] = [];
    const consumer = new ReliableConsumer({
      bus,
      dataSource: db.dataSource,
      groupId: `g-${suffix}`,
      topics: [topic],
      clientRetries: 0,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      decode: (m) => {
        if (defective) throw new Error('decoder defect');
        return decode(m);
      },
      resolveHandler: () => async (_p, ctx) => {
        await ctx.tx.query(`INSERT INTO effects (message_id, instance) VALUES ($1, 'crash')`, [ctx.messageId]);
      },
    });
    await consumer.start();
    try {
      const down = await waitFor('the consumer reports the crash', () => {
        const h = consumer.health();
        seen.push(h);
        return h.status === 'down' ? h : undefined;
      });
      expect(down.detail).toMatch(/crashed: .*decoder defect/);
      defective = false;
      await waitFor('all applied after the restart', async () => (await effectCounts(db)).size >= ids.length, { timeoutMs: 60_000 });
      const counts = await effectCounts(db);
      expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
      await waitFor('up again', () => consumer.health().status === 'up');
    } finally {
      await consumer.stop();
    }
  });
});
