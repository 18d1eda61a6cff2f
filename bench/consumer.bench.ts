/**
 * Consuming: orderflow's reliable consumer against Nest's stock Kafka transport (ServerKafka), on
 * the same topic, the same messages and the same database work per message (an inbox row and an
 * effect row in one transaction, so neither may apply a message twice). Run: npm run bench.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { withTransaction } from '@orderflow/event-store';
import { jsonDecoder, ReliableConsumer } from '@orderflow/messaging';
import { adminClient, createTestDatabase, createTestTopics, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix } from '@orderflow/testing';
import { measure, report, sleep } from './support';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const PARTITIONS = 6;

async function main() {
  const db = await createTestDatabase();
  const su = await adminClient(db);
  await su.query(`CREATE TABLE effects (message_id text PRIMARY KEY, consumer text NOT NULL)`);
  await su.query(`GRANT SELECT, INSERT ON effects TO orderflow_app`);
  await su.end();
  const bus = testBus('bench');
  const suffix = uniqueSuffix();
  const baselineTopic = `bench${suffix}.baseline`;
  const candidateTopic = `bench${suffix}.candidate`;
  await createTestTopics(bus, [
    { topic: baselineTopic, partitions: PARTITIONS },
    { topic: candidateTopic, partitions: PARTITIONS },
  ]);
  const producer = await bus.producer();
  for (const topic of [baselineTopic, candidateTopic]) {
    for (let i = 0; i < MESSAGES; i += 1000) {
      await producer.send(
        Array.from({ length: Math.min(1000, MESSAGES - i) }, (_, j) => {
          const messageId = randomUUID();
          return { topic, key: `order-${(i + j) % 600}`, value: JSON.stringify({ type: 'Noted', version: 1, messageId, occurredAt: new Date().toISOString() }) };
        }),
      );
    }
  }
  await producer.disconnect();

  const applied = async (consumer: string) =>
    Number(((await db.dataSource.query(`SELECT count(*) AS n FROM effects WHERE consumer = $1`, [consumer])) as { n: string }[])[0].n);
  const until = async (consumer: string) => {
    while ((await applied(consumer)) < MESSAGES) await sleep(50);
  };

  const baseline = await runBaseline(db, baselineTopic, suffix, () => until('nest-server-kafka'));
  const candidate = await runCandidate(db, bus, candidateTopic, suffix, () => until('orderflow'));
  report('consumer', baseline, candidate, { messages: MESSAGES, partitions: PARTITIONS, work: 'inbox row + effect row per message, one transaction' });
  await db.drop();
  process.exit(0);
}

/** Nest's ServerKafka: one message at a time, a transaction each, with the same inbox check. */
async function runBaseline(db: TestDatabase, topic: string, suffix: string, done: () => Promise<void>) {
  @Controller()
  class BaselineController {
    @EventPattern(topic)
    async handle(@Payload() message: { messageId: string }) {
      await withTransaction(db.dataSource, async (tx) => {
        const fresh = await tx.query(
          `INSERT INTO inbox (consumer, message_id, topic, partition, "offset") VALUES ('nest-server-kafka', $1, $2, 0, 0)
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [message.messageId, topic],
        );
        if ((fresh as unknown[]).length) await tx.query(`INSERT INTO effects VALUES ($1, 'nest-server-kafka')`, [message.messageId]);
      });
    }
  }
  @Module({ controllers: [BaselineController] })
  class BaselineModule {}
  const app = await NestFactory.createMicroservice(BaselineModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-baseline', brokers: TEST_KAFKA_BROKERS, logLevel: 0 },
      consumer: { groupId: `bench-baseline-${suffix}`, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      run: { autoCommit: true },
    },
  });
  const result = await measure('Nest ServerKafka (stock)', MESSAGES, async () => {
    await app.listen();
    await done();
  });
  await app.close();
  return result;
}

/** orderflow's reliable consumer with its defaults: partitions in parallel, units of work of 50. */
async function runCandidate(db: TestDatabase, bus: ReturnType<typeof testBus>, topic: string, suffix: string, done: () => Promise<void>) {
  const consumer = new ReliableConsumer({
    bus,
    dataSource: db.dataSource,
    groupId: `bench-candidate-${suffix}`,
    consumerName: 'orderflow',
    topics: [topic],
    decode: jsonDecoder(),
    logger: { log: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
    resolveHandler: () => async (_payload, ctx) => {
      await ctx.tx.query(`INSERT INTO effects VALUES ($1, 'orderflow')`, [ctx.messageId]);
    },
  });
  const result = await measure('orderflow ReliableConsumer', MESSAGES, async () => {
    await consumer.start();
    await done();
  });
  await consumer.stop();
  return result;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
