import 'reflect-metadata';
import fc from 'fast-check';
import { topicName } from '@orderflow/contracts';
import { readTopicToEnd } from '@orderflow/messaging';
import { GatewayAnswer, gatewayRefusalProblem, hostileRequest, INBOUND_TOPIC_NAMES, topicOfType, validMessage } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';

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
  let gateway: GatewayApp;

  beforeAll(async () => {
    // Thousands of requests as fast as one client can send: what is tested is each answer, not the rate limit.
    gateway = await startGatewayApp({ prefix: 'fuzz', env: { API_RATE_LIMIT_PER_SECOND: '0' } });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const post = async (topic: string, body: Buffer): Promise<GatewayAnswer & { raw: string }> => {
    const headers = { 'content-type': 'application/json', ...(await gateway.keys.headersFor(PATHS[topic], body)) };
    const res = await fetch(`${gateway.baseUrl}${PATHS[topic]}`, { method: 'POST', headers, body });
    const raw = await res.text();
    const parsed = JSON.parse(raw) as Omit<GatewayAnswer, 'status'> & { statusCode?: number };
    return { ...parsed, status: res.status, raw };
  };

  it(`answers ${HOSTILE_REQUESTS} hostile requests 4xx naming the field and publishes only the ${VALID_REQUESTS} valid ones`, async () => {
    const hostile = fc.sample(hostileRequest(gateway.namespace), { seed: 20_261_127, numRuns: HOSTILE_REQUESTS });
    const valid = fc.sample(validMessage(undefined, gateway.namespace), { seed: 20_261_128, numRuns: VALID_REQUESTS });
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
    expect((await fetch(`${gateway.baseUrl}/health`)).status).toBe(200);

    const published = (await Promise.all(INBOUND_TOPIC_NAMES.map((t) => readTopicToEnd(gateway.bus, topicName(t, gateway.namespace))))).flat();
    const ids = published.map((r) => (JSON.parse(r.value!.toString()) as { messageId: string }).messageId).sort();
    expect(ids).toEqual(valid.map((m) => String(m.messageId)).sort());
  });
});
