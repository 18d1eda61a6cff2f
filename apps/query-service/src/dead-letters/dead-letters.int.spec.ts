import { randomUUID } from 'node:crypto';
import { allTopicSpecs, dlqTopicOf, topicName, Topics } from '@orderflow/contracts';
import { MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { bearer, createTestDatabase, createTestTopics, TestDatabase, testBus, uniqueSuffix } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { queryMigrations } from '../infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cancellation = (externalOrderId: string) => ({
  type: 'OrderCancellationRequested',
  version: 1,
  messageId: randomUUID(),
  occurredAt: '2026-11-25T10:00:00Z',
  channel: 'webshop',
  externalOrderId,
  reason: 'changed my mind',
});

/**
 * Dead letters over HTTP (real Kafka): counted from offsets, listed with reason and payload, paged,
 * and re-driven to their source topic (corrected or not) by the same code as `orderflow dlq`;
 * bad requests answered 400/404/422 naming what was wrong, and nothing sent for them.
 */
describe('dead letters over HTTP (real Kafka)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let bus: MessageBus;
  let operator: Record<string, string>;
  const namespace = `dlqhttp${uniqueSuffix()}`;
  const source = topicName(Topics.channelOrders, namespace);
  const letters: D[] = [];

  const request = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as D };
  };
  const sourceRecords = () => readTopicToEnd(bus, source);

  beforeAll(async () => {
    bus = testBus(namespace);
    await createTestTopics(bus, allTopicSpecs(namespace));
    db = await createTestDatabase(queryMigrations);
    api = await startQueryApp(db, { TOPIC_NAMESPACE: namespace, API_RATE_LIMIT_PER_SECOND: '0' });
    operator = bearer(await api.key('operator'));
    // Three dead letters as the order service writes them: the original bytes, key and headers, and the DLQ's own.
    const producer = await bus.producer();
    try {
      const raw = [JSON.stringify({ ...cancellation('W-1'), reason: '' }), '{not json', JSON.stringify(cancellation('W-3'))];
      await producer.send(
        raw.map((value, i) => ({
          topic: topicName(dlqTopicOf(Topics.channelOrders), namespace),
          key: i === 2 ? 'junk' : `webshop:W-${i + 1}`,
          value,
          headers: {
            'x-origin': 'shop',
            'dlq-reason': `rejected: reason ${i}`,
            'dlq-consumer': 'order-service',
            'dlq-source-topic': source,
            'dlq-source-partition': '3',
            'dlq-source-offset': String(40 + i),
            'dlq-attempts': '0',
            'dlq-failed-at': `2026-11-25T10:00:0${i}.000Z`,
          },
        })),
      );
    } finally {
      await producer.disconnect();
    }
    letters.push(...(await request('GET', `/dead-letters/${Topics.channelOrders}`)).body.letters);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it("counts every contract topic's dead letters", async () => {
    const { status, body } = await request('GET', '/dead-letters');
    expect(status).toBe(200);
    expect(body.topics).toHaveLength(Object.values(Topics).length);
    expect(body.topics).toContainEqual({ topic: 'channel.orders', count: 3 });
    expect(body.topics).toContainEqual({ topic: 'warehouse.operations', count: 0 });
  });

  it('lists them oldest first with reason, consumer, source, key and the original payload as text, a page at a time', async () => {
    expect(letters.map((l) => l.id)).toEqual(['0:0', '0:1', '0:2']);
    expect(letters[1]).toEqual({
      id: '0:1',
      reason: 'rejected: reason 1',
      consumer: 'order-service',
      failedAt: '2026-11-25T10:00:01.000Z',
      source: { topic: source, partition: '3', offset: '41' },
      key: 'webshop:W-2',
      value: '{not json',
    });
    const first = await request('GET', `/dead-letters/${Topics.channelOrders}?limit=2`);
    expect(first.body.letters.map((l: D) => l.id)).toEqual(['0:0', '0:1']);
    const second = await request('GET', `/dead-letters/${Topics.channelOrders}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ topic: 'channel.orders', nextCursor: null });
    expect(second.body.letters.map((l: D) => l.id)).toEqual(['0:2']);
  });

  it('re-drives a letter with a corrected value to its source topic, keyed by its contract, naming who did it', async () => {
    const corrected = { ...JSON.parse(letters[0].value), reason: 'ordered twice' };
    const { status, body } = await request('POST', `/dead-letters/${Topics.channelOrders}/replay`, { ids: ['0:0'], value: JSON.stringify(corrected) });
    expect([status, body]).toEqual([200, { replayed: 1, topic: source }]);
    const [sent] = (await sourceRecords()).filter((r) => r.headers['dlq-replayed-from'] === '0:0');
    expect(JSON.parse(sent.value!.toString())).toEqual(corrected);
    expect(sent.key?.toString()).toBe('webshop:W-1');
    expect(sent.headers).toMatchObject({ 'x-origin': 'shop', 'dlq-replayed-by': expect.stringMatching(/^key:[0-9a-f]{12} \(operator /) });
    expect(sent.headers).not.toHaveProperty('dlq-reason');
    // A log keeps what it holds: the dead letter stays, for the record.
    expect((await request('GET', '/dead-letters')).body.topics).toContainEqual({ topic: 'channel.orders', count: 3 });
  });

  it('re-drives every letter with all: true, the original bytes each', async () => {
    const before = (await sourceRecords()).length;
    expect((await request('POST', `/dead-letters/${Topics.channelOrders}/replay`, { all: true })).body).toEqual({ replayed: 3, topic: source });
    const sent = (await sourceRecords()).slice(before);
    expect(sent.map((r) => r.value!.toString()).sort()).toEqual(letters.map((l) => l.value).sort());
  });

  it('answers 400 naming the field, 404 for an unknown topic or id, 422 for a value that breaks the contract; and sends nothing', async () => {
    const before = (await sourceRecords()).length;
    const replay = (body: unknown, topic: string = Topics.channelOrders) => request('POST', `/dead-letters/${topic}/replay`, body);

    for (const [body, field] of [
      [{}, 'ids'],
      [{ ids: ['0:0'], all: true }, 'ids'],
      [{ ids: ['zero'] }, 'ids[0]'],
      [{ all: false }, 'all'],
      [{ ids: ['0:0', '0:1'], value: '{}' }, 'value'],
      [{ ids: ['0:0'], colour: 'red' }, 'colour'],
    ] as const) {
      const res = await replay(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.problems.map((p: D) => p.parameter)).toContain(field);
      expect(res.body.message).toContain(`body field "${field}"`);
    }
    const limit = await request('GET', `/dead-letters/${Topics.channelOrders}?limit=0`);
    expect([limit.status, limit.body.problems[0].parameter]).toEqual([400, 'limit']);

    const unknownTopic = await replay({ all: true }, 'channel.order');
    expect([unknownTopic.status, unknownTopic.body.message]).toEqual([404, expect.stringContaining('no topic "channel.order"')]);
    expect((await request('GET', '/dead-letters/nope')).status).toBe(404);
    const unknownIds = await replay({ ids: ['0:1', '0:77', '0:78'] });
    expect([unknownIds.status, unknownIds.body.ids]).toEqual([404, ['0:77', '0:78']]);

    const stillBad = await replay({ ids: ['0:0'], value: JSON.stringify({ ...cancellation('W-1'), reason: '' }) });
    expect(stillBad.status).toBe(422);
    expect(stillBad.body).toMatchObject({ field: 'value', reason: expect.stringContaining('reason') });
    expect(stillBad.body.message).toMatch(/breaks the channel.orders contract/);

    expect((await sourceRecords()).length).toBe(before);
  });
});
