import { allTopicSpecs, dlqTopicOf, TOPIC_PARTITIONS, topicName, Topics } from '@orderflow/contracts';
import { BusAdmin } from '@orderflow/messaging';
import { testBus, uniqueSuffix } from '@orderflow/testing';

describe('topic bootstrap (real broker)', () => {
  let admin: BusAdmin;
  beforeAll(async () => {
    admin = await testBus().admin();
  });
  afterAll(async () => {
    await admin?.disconnect();
  });

  it('dead-letter topics never expire their records, also those created before the rule existed', async () => {
    const namespace = `t${uniqueSuffix()}`;
    const dlq = topicName(dlqTopicOf('channel.orders'), namespace);
    // As an earlier release created it: no retention of its own, so the broker's 7 days applied.
    await admin.ensureTopics([{ topic: dlq, partitions: 1, config: { 'cleanup.policy': 'delete' } }]);
    expect((await admin.topicConfig(dlq))['retention.ms']).toBeUndefined();

    await admin.ensureTopics(allTopicSpecs(namespace));

    const specs = allTopicSpecs(namespace);
    for (const spec of specs.filter((s) => s.topic.endsWith('.dlq'))) {
      expect(await admin.topicConfig(spec.topic)).toMatchObject({ 'retention.ms': '-1', 'retention.bytes': '-1' });
    }
    // What the topic already had explicitly is kept; inbound and event topics keep the broker's retention.
    expect((await admin.topicConfig(dlq))['cleanup.policy']).toBe('delete');
    expect((await admin.topicConfig(topicName('channel.orders', namespace)))['retention.ms']).toBeUndefined();
    await admin.deleteTopics(specs.map((s) => s.topic));
  });

  it('creates every contract topic and its dead-letter topic, the payment provider\'s included', async () => {
    const namespace = `t${uniqueSuffix()}`;
    await admin.ensureTopics(allTopicSpecs(namespace));
    try {
      const existing = await admin.listTopics();
      for (const topic of Object.values(Topics)) {
        expect(existing).toContain(topicName(topic, namespace));
        expect(existing).toContain(topicName(dlqTopicOf(topic), namespace));
      }
      const offsets = await admin.topicOffsets(topicName(Topics.paymentRequests, namespace));
      expect(offsets).toHaveLength(TOPIC_PARTITIONS[Topics.paymentRequests]);
    } finally {
      await admin.deleteTopics(allTopicSpecs(namespace).map((s) => s.topic));
    }
  });
});
