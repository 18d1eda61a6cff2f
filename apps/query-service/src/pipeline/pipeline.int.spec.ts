import { allTopicSpecs, dlqTopicOf, TOPIC_CONSUMERS, topicName, Topics } from '@orderflow/contracts';
import { MessageBus } from '@orderflow/messaging';
import { bearer, createTestDatabase, createTestTopics, TestDatabase, testBus, uniqueSuffix, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { queryMigrations } from '../infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * GET /pipeline against a real broker: a service's group that has not read what is on its topic
 * shows that lag, per partition, and none once it has committed; dead letters and projection lag
 * come with it.
 */
describe('GET /pipeline (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let bus: MessageBus;
  let operator: Record<string, string>;
  const namespace = `pipeline${uniqueSuffix()}`;
  const shippingGroup = topicName('shipping-service', namespace);
  const tracking = topicName(Topics.carrierTracking, namespace);

  const pipeline = async () => {
    const res = await api.get('/pipeline', operator);
    expect(res.status).toBe(200);
    return res.body;
  };
  const shippingOnTracking = (body: D) => (body.consumers as D[]).find((c) => c.service === 'shipping-service' && c.topic === Topics.carrierTracking)!;

  beforeAll(async () => {
    bus = testBus(namespace);
    await createTestTopics(bus, allTopicSpecs(namespace));
    db = await createTestDatabase(queryMigrations);
    api = await startQueryApp(db, { TOPIC_NAMESPACE: namespace, API_RATE_LIMIT_PER_SECOND: '0' });
    operator = bearer(await api.key('operator'));
    const producer = await bus.producer();
    try {
      await producer.send([
        ...[1, 2, 3, 4, 5].map((i) => ({ topic: tracking, key: `TRK-${i}`, value: `{"n":${i}}` })),
        { topic: topicName(dlqTopicOf(Topics.carrierTracking), namespace), key: null, value: 'bad' },
      ]);
    } finally {
      await producer.disconnect();
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it("reports every service's group on every topic it reads, a group behind with its lag per partition, then none once it has caught up", async () => {
    const behind = await pipeline();
    expect(Date.parse(behind.at)).toBeLessThanOrEqual(Date.now());
    const expected = Object.entries(TOPIC_CONSUMERS).flatMap(([service, topics]) => topics.map(({ topic }) => `${topicName(service, namespace)} ${topic}`));
    expect((behind.consumers as D[]).map((c) => `${c.group} ${c.topic}`).sort()).toEqual(expected.sort());
    const lagging = shippingOnTracking(behind);
    expect(lagging).toMatchObject({ group: shippingGroup, lag: 5 });
    expect(lagging.partitions).toHaveLength(6);
    expect(lagging.partitions.reduce((sum: number, p: D) => sum + p.lag, 0)).toBe(5);
    expect(behind.deadLetters).toContainEqual({ topic: Topics.carrierTracking, count: 1 });
    expect(behind.projections.map((p: D) => p.projection)).toEqual(['orders', 'inventory', 'payments', 'reports']);

    // The shipping service's group reads and commits everything on the topic.
    const consumer = await bus.consumer({ groupId: shippingGroup, fromBeginning: true });
    let read = 0;
    try {
      void consumer.run({
        topics: [tracking],
        partitionsConcurrently: 6,
        onBatch: async (batch) => {
          for (const m of batch.messages) batch.markDone(m);
          read += batch.messages.length;
          await batch.commit();
        },
      });
      await waitFor('the group caught up', async () => read === 5 && shippingOnTracking(await pipeline()).lag === 0, { timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
    }
    const caughtUp = shippingOnTracking(await pipeline());
    expect(caughtUp.partitions.every((p: D) => p.lag === 0)).toBe(true);
  });

  it('takes no parameters, and needs projections:read', async () => {
    const res = await api.get('/pipeline?verbose=1', operator);
    expect([res.status, res.body.problems?.[0]?.parameter]).toEqual([400, 'verbose']);
    expect((await api.get('/pipeline', bearer(await api.key('admin')))).status).toBe(403);
  });
});
