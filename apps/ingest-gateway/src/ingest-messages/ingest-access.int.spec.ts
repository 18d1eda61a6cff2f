import { randomUUID } from 'node:crypto';
import { topicName, Topics } from '@orderflow/contracts';
import { readTopicToEnd } from '@orderflow/messaging';
import { Role, Scope } from '@orderflow/security';
import { bearer, issueApiKey, uniqueSuffix } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';

const envelope = (type: string) => ({ type, version: 1, messageId: randomUUID(), occurredAt: new Date().toISOString() });
const order = (channel: string, externalOrderId = `A-${uniqueSuffix()}`) => ({
  ...envelope('OrderSubmitted'),
  channel,
  externalOrderId,
  customer: { id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG-BLUE', quantity: 1, unitPriceMinor: 1299 }],
  currency: 'EUR',
});
const stock = (warehouseId: string) => ({ ...envelope('StockReceived'), warehouseId, sku: 'MUG-BLUE', quantity: 5 });
const scan = (carrier: string) => ({ ...envelope('TrackingUpdated'), carrier, trackingNumber: `T-${uniqueSuffix()}`, status: 'PICKED_UP' });
const productionStarted = () => ({ ...envelope('ProductionStarted'), productionOrderId: `OF-${uniqueSuffix()}-P1` });

/**
 * Who may put what on the inbound topics over HTTP (docs/adr/0018): a channel speaks only for its
 * own channel, a warehouse for its own warehouse, a carrier for its own parcels; nobody else sends.
 * A refused request publishes nothing.
 */
describe('ingest gateway access (real Kafka and PostgreSQL, HTTP)', () => {
  let gateway: GatewayApp;
  const key = (role: Role, scope: Scope = {}) => issueApiKey(gateway.db.dataSource, role, scope);

  beforeAll(async () => {
    gateway = await startGatewayApp({ prefix: 'ingacc' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { message: string; missing?: string; published?: number } };
  };
  const publishedIds = async (topic: string) =>
    new Set((await readTopicToEnd(gateway.bus, topicName(topic, gateway.namespace))).map((r) => JSON.parse(r.value!.toString()).messageId as string));

  const endpoints = [
    { path: '/v1/channel-orders', permission: 'channel-orders:send', body: () => order('webshop') },
    { path: '/v1/warehouse-operations', permission: 'warehouse-operations:send', body: () => stock('WH-BER') },
    { path: '/v1/carrier-tracking', permission: 'carrier-tracking:send', body: () => scan('DHL') },
    { path: '/v1/production-events', permission: 'production-events:send', body: productionStarted },
  ];

  it('answers 401 with WWW-Authenticate without a key, or with a made-up one', async () => {
    for (const { path, body } of endpoints) {
      const none = await post(path, body());
      expect([path, none.status, none.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer realm="orderflow"']);
      const madeUp = await post(path, body(), bearer(`ofk_0123456789ab_${'A'.repeat(43)}`));
      expect([path, madeUp.status]).toEqual([path, 401]);
    }
  });

  it('refuses every role that sends nothing, and every sender on another sender\'s endpoint, with 403 naming the permission', async () => {
    const holders: [Role, Scope][] = [
      ['operator', {}],
      ['auditor', {}],
      ['admin', {}],
      ['channel', { channel: 'webshop' }],
      ['warehouse', { warehouse: '*' }],
      ['carrier', { carrier: '*' }],
      ['factory', {}],
    ];
    const own: Record<string, string> = {
      channel: '/v1/channel-orders',
      warehouse: '/v1/warehouse-operations',
      carrier: '/v1/carrier-tracking',
      factory: '/v1/production-events',
    };
    for (const [role, scope] of holders) {
      const token = await key(role, scope);
      for (const { path, permission, body } of endpoints) {
        if (own[role] === path) continue;
        const res = await post(path, body(), bearer(token));
        expect([role, path, res.status, res.body.missing]).toEqual([role, path, 403, permission]);
      }
    }
  });

  it('lets a channel send only its own channel\'s orders: a batch with another channel\'s is refused whole', async () => {
    const webshop = bearer(await key('channel', { channel: 'webshop' }));
    const mine = order('webshop');
    const theirs = order('marketplace');
    const refused = await post('/v1/channel-orders', [mine, theirs], webshop);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/message 1: field channel: a key of channel webshop may not send for "marketplace"/);
    expect((await publishedIds(Topics.channelOrders)).has(mine.messageId)).toBe(false);

    const accepted = await post('/v1/channel-orders', [mine], webshop);
    expect(accepted).toMatchObject({ status: 202, body: { published: 1 } });
    expect((await publishedIds(Topics.channelOrders)).has(mine.messageId)).toBe(true);
  });

  it('lets a warehouse send for its own warehouse (a * key for every one), and a carrier for its own parcels', async () => {
    const berlin = bearer(await key('warehouse', { warehouse: 'WH-BER' }));
    expect((await post('/v1/warehouse-operations', [stock('WH-BER')], berlin)).status).toBe(202);
    const foreign = await post('/v1/warehouse-operations', [stock('WH-MUC')], berlin);
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/field warehouseId: a key of warehouse WH-BER may not send for "WH-MUC"/);
    const every = bearer(await key('warehouse', { warehouse: '*' }));
    expect((await post('/v1/warehouse-operations', [stock('WH-MUC')], every)).status).toBe(202);
    // A ShipmentPacked names no warehouse: it goes out stamped with the sender, for the shipping service to check.
    const packed = { ...envelope('ShipmentPacked'), shipmentId: `OF-${uniqueSuffix()}-1`, weightGrams: 500 };
    expect((await post('/v1/warehouse-operations', [packed], berlin)).status).toBe(202);
    const record = (await readTopicToEnd(gateway.bus, topicName(Topics.warehouseOperations, gateway.namespace))).find((r) => r.headers['message-id'] === packed.messageId);
    expect(record?.headers.sender).toBe('warehouse:WH-BER');

    const dhl = bearer(await key('carrier', { carrier: 'DHL' }));
    expect((await post('/v1/carrier-tracking', [scan('DHL')], dhl)).status).toBe(202);
    const forged = scan('UPS');
    const refused = await post('/v1/carrier-tracking', [forged], dhl);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/field carrier: a key of carrier DHL may not send for "UPS"/);
    expect((await publishedIds(Topics.carrierTracking)).has(forged.messageId)).toBe(false);
  });

  it('lets the factory answer production orders, keyed by the production order, stamped with its key', async () => {
    const factory = bearer(await key('factory'));
    const started = productionStarted();
    expect(await post('/v1/production-events', [started], factory)).toMatchObject({ status: 202, body: { published: 1 } });
    const record = (await readTopicToEnd(gateway.bus, topicName(Topics.productionEvents, gateway.namespace))).find((r) => r.headers['message-id'] === started.messageId);
    expect(record?.key?.toString()).toBe(started.productionOrderId);
    expect(record?.headers.sender).toMatch(/^factory:/);
  });

  it('keeps each sender\'s Idempotency-Keys its own: another channel\'s equal key neither replays nor blocks its request', async () => {
    const idempotencyKey = `checkout-${uniqueSuffix()}`;
    const webshop = await post('/v1/channel-orders', [order('webshop')], { ...bearer(await key('channel', { channel: 'webshop' })), 'idempotency-key': idempotencyKey });
    expect(webshop).toMatchObject({ status: 202, body: { published: 1 } });
    const app = await post('/v1/channel-orders', [order('app')], { ...bearer(await key('channel', { channel: 'app' })), 'idempotency-key': idempotencyKey });
    expect(app).toMatchObject({ status: 202, body: { published: 1 } });
    expect(app.headers.get('idempotent-replayed')).toBeNull();
  });
});
