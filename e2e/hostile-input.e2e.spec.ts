import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { HostileRecord, hostileRecord, INBOUND_TOPIC_NAMES, validInbound, waitFor } from '@orderflow/testing';
import { RawMessage, TestSystem, TopicTap } from './support/system';

const PER_TOPIC = 300;
const VALID_ORDERS = 40;
const CASE = 'x-fuzz-case';

/**
 * Hostile records on every inbound topic, through the real broker, into the four services running
 * as processes, mixed with valid orders. Every hostile record must end up in its topic's DLQ exactly
 * once, with a reason saying what is wrong; no service may crash; and every valid order sent
 * alongside must complete as its data implies, as if nothing else had been sent.
 */
describe('hostile input through the broker (order, inventory, shipping and after-sales services as processes)', () => {
  let system: TestSystem;
  const dlqs = new Map<string, TopicTap>();
  const ids = `OK${Date.now().toString(36)}`;

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service']);
    for (const topic of INBOUND_TOPIC_NAMES) dlqs.set(topic, await system.tap(`${topic}.dlq`));
    await system.produce(Topics.warehouseOperations, [
      { ...validInbound('WarehouseRegistered', 0, randomUUID()), warehouseId: 'WH-FZ' },
      { ...validInbound('StockReceived', 0, randomUUID()), warehouseId: 'WH-FZ', sku: `${ids}-MUG`, quantity: 1_000 },
      { ...validInbound('StockReceived', 0, randomUUID()), warehouseId: 'WH-FZ', sku: `${ids}-TEA`, quantity: 1_000 },
    ]);
    await waitFor('the SKUs known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM order_known_skus WHERE sku LIKE $1`, [`${ids}-%`])) as { n: number }[];
      return rows[0].n === 2;
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it(`dead-letters ${PER_TOPIC} hostile records per inbound topic, each once with its reason, while valid orders complete`, async () => {
    const hostile = INBOUND_TOPIC_NAMES.flatMap((topic, t) =>
      fc.sample(hostileRecord(topic, 'HX'), { seed: 20_261_129 + t, numRuns: PER_TOPIC }).map((r, i) => ({ ...r, id: `${topic}#${i}` })),
    );
    const orders = Array.from({ length: VALID_ORDERS }, (_, n) => validInbound('OrderSubmitted', n, randomUUID(), ids));
    // Well-formed values that name no configured channel or category: refused by the domain, not the contract.
    const strangers: Record<string, unknown>[] = ['__proto__', 'constructor'].map((channel, n) => ({
      ...validInbound('OrderSubmitted', 1000 + n, randomUUID(), ids),
      channel,
    }));
    const complaint: Record<string, unknown> = { ...validInbound('ComplaintSubmitted', 0, randomUUID(), ids), category: 'constructor' };

    const raw = (r: HostileRecord & { id: string }): RawMessage => ({ key: r.key, value: r.value, headers: { ...r.headers, [CASE]: r.id } });
    for (const topic of INBOUND_TOPIC_NAMES) {
      const mine = hostile.filter((r) => r.topic === topic);
      const valid = topic === Topics.channelOrders ? [...orders, ...strangers, complaint] : [];
      // Interleaved, in sends of at most ~512 KiB: a broker takes at most 1 MiB per record batch.
      let chunk: (RawMessage | Record<string, unknown>)[] = [];
      let bytes = 0;
      for (let i = 0; i < mine.length; i++) {
        if (i % 5 === 0 && valid.length > 0) chunk.push(valid.shift()!);
        if (bytes + mine[i].value.length > 512 * 1024 && chunk.length > 0) {
          await system.produce(topic, chunk);
          [chunk, bytes] = [[], 0];
        }
        chunk.push(raw(mine[i]));
        bytes += mine[i].value.length;
      }
      await system.produce(topic, [...chunk, ...valid]);
    }

    for (const topic of INBOUND_TOPIC_NAMES) {
      const tap = dlqs.get(topic)!;
      await waitFor(`${PER_TOPIC} dead letters on ${topic}.dlq`, () => tap.records.length >= PER_TOPIC, { timeoutMs: 90_000, intervalMs: 200 });
    }
    for (const o of orders) {
      await system.waitForEvent(StreamIds.order(orderIdFor('webshop', String(o.externalOrderId))), 'OrderAllocated');
    }
    for (const o of strangers) {
      const rejected = await system.waitForEvent<{ reasons: string[] }>(StreamIds.order(orderIdFor(String(o.channel), String(o.externalOrderId))), 'OrderRejected');
      expect(rejected.data.reasons).toEqual([`channel "${String(o.channel)}" is not configured`]);
    }
    const [acknowledged] = await waitFor('the complaint acknowledged', async () => {
      const events = await system.eventsOfType<{ externalOrderId: string }>('ComplaintAcknowledged');
      const found = events.filter((e) => e.data.externalOrderId === complaint.externalOrderId);
      return found.length > 0 ? found : undefined;
    });
    expect(acknowledged).toBeDefined();

    // Exactly the hostile records, each once, each with a reason that says what is wrong.
    const byId = new Map(hostile.map((r) => [r.id, r]));
    for (const topic of INBOUND_TOPIC_NAMES) {
      const letters = dlqs.get(topic)!.records;
      const cases = letters.map((l) => l.headers[CASE]);
      expect(cases.filter((c) => c === undefined)).toEqual([]);
      expect([...new Set(cases)].length).toBe(cases.length);
      expect(cases.sort()).toEqual(hostile.filter((r) => r.topic === topic).map((r) => r.id).sort());
      const unexplained = letters
        .map((l) => ({ record: byId.get(l.headers[CASE])!, reason: l.headers['dlq-reason'] ?? '' }))
        .filter(({ record, reason }) => !reason.startsWith('rejected: ') || !record.reason.test(reason.slice('rejected: '.length)))
        .map(({ record, reason }) => `${record.kind}: ${reason.slice(0, 200)}`);
      expect(unexplained).toEqual([]);
    }

    for (const service of system.services.values()) {
      expect([service.name, service.process.child.exitCode, service.process.child.signalCode]).toEqual([service.name, null, null]);
      expect([service.name, (await fetch(`${service.url}/health`)).status]).toEqual([service.name, 200]);
    }
  });
});
