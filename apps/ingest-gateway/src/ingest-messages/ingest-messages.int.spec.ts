import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_BYTES, topicName, Topics } from '@orderflow/contracts';
import { IncomingMessage, readTopicToEnd } from '@orderflow/messaging';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';

const now = () => new Date().toISOString();

const orderSubmitted = (externalOrderId: string, overrides: Record<string, unknown> = {}) => ({
  type: 'OrderSubmitted',
  version: 1,
  messageId: randomUUID(),
  occurredAt: now(),
  channel: 'webshop',
  externalOrderId,
  customer: { id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1299 }],
  currency: 'EUR',
  ...overrides,
});

interface Answer {
  statusCode?: number;
  message: string;
  topic: string;
  published: number;
  duplicates: number;
  results: { index: number; messageId?: string; status: string; errors?: { field: string; message: string }[] }[];
}

const answer = async (res: Response): Promise<Answer> => (await res.json()) as Answer;

const envelope = (type: string) => ({ type, version: 1, messageId: randomUUID(), occurredAt: now() });

describe('ingest gateway (real Kafka and PostgreSQL)', () => {
  let gateway: GatewayApp;

  beforeAll(async () => {
    gateway = await startGatewayApp({ prefix: 'ingest' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await gateway.keys.headersFor(path, body)), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const records = (contractTopic: string): Promise<IncomingMessage[]> => readTopicToEnd(gateway.bus, topicName(contractTopic, gateway.namespace));
  const idsOf = (list: IncomingMessage[]) => list.map((r) => JSON.parse(r.value!.toString()).messageId as string);

  it('answers /health with the database and Kafka up', async () => {
    const res = await fetch(`${gateway.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await answer(res)).toMatchObject({ service: 'ingest-gateway', checks: { database: { status: 'up' }, kafka: { status: 'up' } } });
  });

  it('publishes a single message to channel.orders with the contract key and tracing headers', async () => {
    const message = orderSubmitted('SINGLE-1');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await post('/v1/channel-orders', message, { 'x-correlation-id': 'checkout-77', traceparent });

    expect(res.status).toBe(202);
    expect(await answer(res)).toEqual({
      topic: 'channel.orders',
      published: 1,
      duplicates: 0,
      results: [{ index: 0, messageId: message.messageId, status: 'published' }],
    });
    const [record] = (await records(Topics.channelOrders)).filter((r) => r.headers['message-id'] === message.messageId);
    expect(record.key?.toString()).toBe('webshop:SINGLE-1');
    expect(JSON.parse(record.value!.toString())).toEqual(message);
    expect(record.headers).toMatchObject({
      'message-id': message.messageId,
      'correlation-id': 'checkout-77',
      traceparent,
      'content-type': 'application/json',
      source: 'ingest-gateway',
    });
  });

  it('publishes a batch of warehouse operations keyed per warehouse (or shipment), with fresh trace context when the given one is invalid', async () => {
    const batch = [
      { ...envelope('WarehouseRegistered'), warehouseId: 'WH-BER', name: 'Berlin', country: 'DE', region: 'EU-CENTRAL' },
      { ...envelope('StockReceived'), warehouseId: 'WH-BER', sku: 'MUG-BLUE', quantity: 40 },
      { ...envelope('ShipmentPacked'), shipmentId: 'OF-000001-1', weightGrams: 800 },
    ];
    const res = await post('/v1/warehouse-operations', batch, { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' });

    expect(res.status).toBe(202);
    const body = await answer(res);
    expect(body).toMatchObject({ topic: 'warehouse.operations', published: 3, duplicates: 0 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['published', 'published', 'published']);
    const published = await records(Topics.warehouseOperations);
    const byId = new Map(published.map((r) => [r.headers['message-id'], r]));
    expect(batch.map((m) => byId.get(m.messageId)?.key?.toString())).toEqual(['WH-BER', 'WH-BER', 'OF-000001-1']);
    for (const m of batch) {
      const headers = byId.get(m.messageId)!.headers;
      expect(headers['correlation-id']).toBe(m.messageId);
      expect(headers.traceparent).toMatch(/^00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });

  it('publishes carrier tracking keyed by tracking number', async () => {
    const update = { ...envelope('TrackingUpdated'), carrier: 'DHL', trackingNumber: 'JD0001', status: 'PICKED_UP' };
    const res = await post('/v1/carrier-tracking', [update]);

    expect(res.status).toBe(202);
    const [record] = (await records(Topics.carrierTracking)).filter((r) => r.headers['message-id'] === update.messageId);
    expect(record.key?.toString()).toBe('JD0001');
  });

  describe('refuses bad input precisely and publishes none of it', () => {
    const refusedIds: string[] = [];
    const refused = <T extends { messageId: string }>(message: T): T => {
      refusedIds.push(message.messageId);
      return message;
    };

    it('400 for a body that is not JSON', async () => {
      const res = await post('/v1/channel-orders', '{"type": "OrderSubmitted", ');
      expect(res.status).toBe(400);
      expect((await answer(res)).message).toMatch(/^body is not valid JSON: /);
    });

    it('400 for JSON that is neither a message nor an array, and for an empty array', async () => {
      const scalar = await post('/v1/channel-orders', '42');
      expect(scalar.status).toBe(400);
      expect((await answer(scalar)).message).toMatch(/expected|must be a message/);
      const empty = await post('/v1/channel-orders', []);
      expect(empty.status).toBe(400);
      expect((await answer(empty)).message).toMatch(/empty array/);
    });

    it('400 for more than 1,000 messages', async () => {
      const batch = Array.from({ length: 1001 }, (_, i) => refused(orderSubmitted(`MANY-${i}`)));
      const res = await post('/v1/channel-orders', batch);
      expect(res.status).toBe(400);
      expect((await answer(res)).message).toMatch(/1001 messages, over the limit of 1000/);
    });

    it('413 for a body over 1 MiB', async () => {
      const big = refused(orderSubmitted('BIG-1', { customer: { id: 'c', name: 'x'.repeat(1_100_000), email: 'a@b.de' } }));
      const res = await post('/v1/channel-orders', big);
      expect(res.status).toBe(413);
      expect(await answer(res)).toMatchObject({ statusCode: 413, message: expect.stringMatching(/1048576-byte \(1 MiB\) limit/) });
    });

    it('422 naming the field for wrong types, missing fields, unknown type, unknown version and oversized messages', async () => {
      const wrongType = refused(orderSubmitted('BAD-1', { lines: [{ sku: 'MUG-BLUE', quantity: 'two', unitPriceMinor: 1299 }] }));
      const missing = refused(orderSubmitted('BAD-2', { customer: { id: 'c-1', name: 'Ada' } }));
      const unknownType = refused({ ...orderSubmitted('BAD-3'), type: 'OrderTeleported' });
      const unknownVersion = refused({ ...orderSubmitted('BAD-4'), version: 7 });
      const oversized = refused(orderSubmitted('BAD-5', { customer: { id: 'c', name: 'y'.repeat(MAX_MESSAGE_BYTES), email: 'a@b.de' } }));
      const cases: [object, string, RegExp][] = [
        [wrongType, 'lines[0].quantity', /number/],
        [missing, 'customer.email', /./],
        [unknownType, 'type', /unknown type "OrderTeleported"/],
        [unknownVersion, 'version', /unknown version 7/],
        [oversized, '(message)', /over the 262144-byte limit/],
      ];
      for (const [message, field, reason] of cases) {
        const res = await post('/v1/channel-orders', message);
        expect(res.status).toBe(422);
        const body = await answer(res);
        expect(body.results).toEqual([
          { index: 0, messageId: (message as { messageId: string }).messageId, status: 'rejected', errors: [{ field, message: expect.stringMatching(reason) }] },
        ]);
      }
    });

    it('422 for a whole batch when one message is bad: the good ones are not published either', async () => {
      const good = refused(orderSubmitted('MIXED-1'));
      const bad = refused(orderSubmitted('MIXED-2', { currency: 'EURO' }));
      const res = await post('/v1/channel-orders', [good, bad, 'not a message']);

      expect(res.status).toBe(422);
      const body = await answer(res);
      expect(body.message).toMatch(/2 of 3 message\(s\) break the channel.orders contract; nothing was published/);
      expect(body.results).toEqual([
        { index: 0, messageId: good.messageId, status: 'not_published' },
        { index: 1, messageId: bad.messageId, status: 'rejected', errors: [{ field: 'currency', message: expect.stringMatching(/ISO-4217/) }] },
        { index: 2, status: 'rejected', errors: [{ field: '(message)', message: 'expected a JSON object' }] },
      ]);
    });

    it('422 for a messageId repeated within one batch', async () => {
      const first = refused(orderSubmitted('TWICE-1'));
      const res = await post('/v1/channel-orders', [first, { ...orderSubmitted('TWICE-2'), messageId: first.messageId }]);
      expect(res.status).toBe(422);
      expect((await answer(res)).results[1].errors).toEqual([{ field: 'messageId', message: 'repeats the messageId of message 0 in this batch' }]);
    });

    it('none of the refused messages reached the topic before a later valid marker', async () => {
      const marker = orderSubmitted('MARKER-1');
      expect((await post('/v1/channel-orders', marker)).status).toBe(202);

      const ids = idsOf(await records(Topics.channelOrders));
      expect(ids).toContain(marker.messageId);
      expect(refusedIds.length).toBeGreaterThan(1000);
      expect(ids.filter((id) => refusedIds.includes(id))).toEqual([]);
    });
  });

  describe('retries are safe', () => {
    it('the same Idempotency-Key and body gives the first answer again without publishing; another body is refused', async () => {
      const batch = [orderSubmitted('KEYED-1'), orderSubmitted('KEYED-2')];
      const key = randomUUID();
      const first = await post('/v1/channel-orders', batch, { 'idempotency-key': key });
      const firstBody = await answer(first);
      expect(first.status).toBe(202);
      expect(firstBody.published).toBe(2);

      const again = await post('/v1/channel-orders', batch, { 'idempotency-key': key });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await answer(again)).toEqual(firstBody);

      const other = await post('/v1/channel-orders', [orderSubmitted('KEYED-3')], { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect((await answer(other)).message).toMatch(/Idempotency-Key/);

      const ids = idsOf(await records(Topics.channelOrders));
      expect(batch.map((m) => ids.filter((id) => id === m.messageId).length)).toEqual([1, 1]);
    });

    it('concurrent requests with one Idempotency-Key publish once', async () => {
      const message = orderSubmitted('RACE-1');
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/channel-orders', message, { 'idempotency-key': key })));

      expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
      const ids = idsOf(await records(Topics.channelOrders));
      expect(ids.filter((id) => id === message.messageId)).toHaveLength(1);
    });

    it('without a key, a messageId already published is reported as a duplicate and not sent again', async () => {
      const [a, b, c] = [orderSubmitted('RESENT-A'), orderSubmitted('RESENT-B'), orderSubmitted('RESENT-C')];
      expect((await answer(await post('/v1/channel-orders', [a, b]))).published).toBe(2);

      const retry = await post('/v1/channel-orders', [b, c]);
      expect(retry.status).toBe(202);
      expect(await answer(retry)).toEqual({
        topic: 'channel.orders',
        published: 1,
        duplicates: 1,
        results: [
          { index: 0, messageId: b.messageId, status: 'duplicate' },
          { index: 1, messageId: c.messageId, status: 'published' },
        ],
      });
      const ids = idsOf(await records(Topics.channelOrders));
      expect([a, b, c].map((m) => ids.filter((id) => id === m.messageId).length)).toEqual([1, 1, 1]);
    });
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await post('/v1/channel-orders', orderSubmitted('KEY-BAD'), { 'idempotency-key': 'has spaces in it' });
    expect(res.status).toBe(400);
    expect((await answer(res)).message).toMatch(/^header Idempotency-Key: /);
  });
});
