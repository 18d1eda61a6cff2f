import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allTopicSpecs, topicName } from '@orderflow/contracts';
import { MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { createTestDatabase, createTestTopics, GatewayAnswer, GatewayKeys, gatewayRefusalProblem, hostileRequest, INBOUND_TOPIC_NAMES, TEST_KAFKA_BROKERS, testBus, TestDatabase, topicOfType, uniqueSuffix, validMessage } from '@orderflow/testing';
import { ingestMigrations } from '../infrastructure/migrations';
import { IngestGatewayModule } from '../ingest-gateway.module';

const PATHS: Record<string, string> = {
  'channel.orders': '/v1/channel-orders',
  'warehouse.operations': '/v1/warehouse-operations',
  'carrier.tracking': '/v1/carrier-tracking',
};

const HOSTILE_REQUESTS = 2_500;
const VALID_REQUESTS = 150;
const IN_FLIGHT = 12;

/**
 * The real gateway over HTTP, on real PostgreSQL and Kafka, under a few thousand generated hostile
 * requests interleaved with valid ones: every hostile one is answered 4xx naming the field (and its
 * batch is not published), every valid one 202, the gateway stays healthy, and the topics end up
 * holding exactly the valid messages.
 */
describe('ingest gateway under hostile input (real Kafka and PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let bus: MessageBus;
  let app: INestApplication;
  let baseUrl: string;
  let keys: GatewayKeys;
  const namespace = `fuzz${uniqueSuffix()}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase(ingestMigrations);
    bus = testBus(namespace);
    await createTestTopics(bus, allTopicSpecs(namespace));
    // Thousands of requests as fast as one client can send: what is tested is each answer, not the rate limit.
    Object.assign(process.env, {
      DATABASE_URL: db.appUrl,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      TOPIC_NAMESPACE: namespace,
      KAFKA_LOG_LEVEL: 'ERROR',
      API_RATE_LIMIT_PER_SECOND: '0',
    });
    app = await NestFactory.create(IngestGatewayModule, { logger: ['error'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    keys = new GatewayKeys(db.dataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    process.env = saved;
  });

  const post = async (topic: string, body: Buffer): Promise<GatewayAnswer & { raw: string }> => {
    const headers = { 'content-type': 'application/json', ...(await keys.headersFor(PATHS[topic], body)) };
    const res = await fetch(`${baseUrl}${PATHS[topic]}`, { method: 'POST', headers, body });
    const raw = await res.text();
    const parsed = JSON.parse(raw) as Omit<GatewayAnswer, 'status'> & { statusCode?: number };
    return { ...parsed, status: res.status, raw };
  };

  it(`answers ${HOSTILE_REQUESTS} hostile requests 4xx naming the field and publishes only the ${VALID_REQUESTS} valid ones`, async () => {
    const hostile = fc.sample(hostileRequest(namespace), { seed: 20_261_127, numRuns: HOSTILE_REQUESTS });
    const valid = fc.sample(validMessage(undefined, namespace), { seed: 20_261_128, numRuns: VALID_REQUESTS });
    // Valid requests spread through the hostile ones, so that they meet a gateway under fire.
    const work: (() => Promise<string | undefined>)[] = hostile.map((request) => async () => {
      const answer = await post(request.hostile.topic, request.body);
      const problem = gatewayRefusalProblem(answer, request);
      return problem && `${request.hostile.kind} (${request.hostile.field ?? 'no field'}): ${problem}`;
    });
    valid.forEach((message, i) =>
      work.splice(Math.floor((i * work.length) / VALID_REQUESTS), 0, async () => {
        const topic = topicOfType(String(message.type));
        const answer = await post(topic, Buffer.from(JSON.stringify(message)));
        return answer.status === 202 ? undefined : `valid ${String(message.type)} answered ${answer.status}: ${answer.raw.slice(0, 300)}`;
      }),
    );

    const problems: string[] = [];
    for (let i = 0; i < work.length; i += IN_FLIGHT) {
      const answers = await Promise.all(work.slice(i, i + IN_FLIGHT).map((w) => w()));
      problems.push(...answers.filter((p): p is string => p !== undefined));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);

    const published = (await Promise.all(INBOUND_TOPIC_NAMES.map((t) => readTopicToEnd(bus, topicName(t, namespace))))).flat();
    const ids = published.map((r) => (JSON.parse(r.value!.toString()) as { messageId: string }).messageId).sort();
    expect(ids).toEqual(valid.map((m) => String(m.messageId)).sort());
  });
});
