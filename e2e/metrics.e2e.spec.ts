import { randomUUID } from 'node:crypto';
import { orderIdFor, StreamIds } from '@orderflow/contracts';
import { METRIC_NAMES } from '@orderflow/observability';
import { MetricSample, parseMetricsText, sampleSum, waitFor } from '@orderflow/testing';
import { ServiceName, TestSystem } from './support/system';

const orderSubmitted = (externalOrderId: string) => ({
  type: 'OrderSubmitted',
  version: 1,
  messageId: randomUUID(),
  occurredAt: new Date().toISOString(),
  channel: 'webshop',
  externalOrderId,
  customer: { id: `cust-${externalOrderId}`, name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG', quantity: 1, unitPriceMinor: 500 }],
  currency: 'EUR',
});

describe('GET /metrics after real orders went through the gateway, the order service and the query service', () => {
  let system: TestSystem;
  const scrape = async (service: ServiceName): Promise<MetricSample[]> => {
    const res = await fetch(`${system.services.get(service)!.url}/metrics`);
    expect([service, res.status, res.headers.get('content-type')]).toEqual([service, 200, expect.stringMatching(/^text\/plain;.*version=0\.0\.4/)]);
    return parseMetricsText(await res.text());
  };

  beforeAll(async () => {
    system = await TestSystem.start(['ingest-gateway', 'order-service', 'query-service']);
    await system.db.dataSource.query(`INSERT INTO order_known_skus (sku) VALUES ('MUG')`);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('shows what each service did, with real non-zero figures, labelled by topic, route and projection', async () => {
    const gateway = system.services.get('ingest-gateway')!.url;
    const batch = ['M-1', 'M-2', 'M-3'].map(orderSubmitted);
    const post = async (body: unknown) =>
      fetch(`${gateway}/v1/channel-orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await system.gatewayKeys.headersFor('/v1/channel-orders', batch)) },
        body: JSON.stringify(body),
      });
    expect((await post(batch)).status).toBe(202);
    expect((await post([{ ...orderSubmitted('M-4'), lines: [] }])).status).toBe(422);
    const orderId = orderIdFor('webshop', 'M-3');
    for (const m of batch) await system.waitForEvent(StreamIds.order(orderIdFor(m.channel, m.externalOrderId)), 'OrderConfirmed');

    const channelOrders = system.topic('channel.orders');
    const orderEvents = system.topic('order.events');

    const atGateway = await scrape('ingest-gateway');
    expect(sampleSum(atGateway, METRIC_NAMES.gatewayMessages, { messaging_destination_name: 'channel.orders', outcome: 'accepted', reason: 'published' })).toBe(3);
    expect(sampleSum(atGateway, METRIC_NAMES.gatewayMessages, { outcome: 'refused', reason: 'invalid' })).toBe(1);
    expect(sampleSum(atGateway, METRIC_NAMES.sentMessages, { messaging_destination_name: channelOrders })).toBe(3);
    expect(sampleSum(atGateway, `${METRIC_NAMES.httpRequestDuration}_count`, { http_route: '/v1/channel-orders', http_response_status_code: '202' })).toBe(1);
    expect(sampleSum(atGateway, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // The relay publishes after the commit, so the figures may trail the events by a batch.
    const atOrders = await waitFor('the order service relayed its events', async () => {
      const samples = await scrape('order-service');
      return (sampleSum(samples, METRIC_NAMES.sentMessages, { messaging_destination_name: orderEvents }) ?? 0) > 0 ? samples : undefined;
    });
    expect(sampleSum(atOrders, METRIC_NAMES.consumedMessages, { messaging_destination_name: channelOrders })).toBe(3);
    expect(sampleSum(atOrders, METRIC_NAMES.appliedMessages, { messaging_destination_name: channelOrders })).toBe(3);
    expect(sampleSum(atOrders, `${METRIC_NAMES.processDuration}_count`, { messaging_destination_name: channelOrders })).toBe(3);
    expect(sampleSum(atOrders, `${METRIC_NAMES.unitOfWorkDuration}_count`)).toBeGreaterThan(0);
    expect(sampleSum(atOrders, `${METRIC_NAMES.appendDuration}_count`)).toBeGreaterThan(0);
    expect(sampleSum(atOrders, `${METRIC_NAMES.operationDuration}_count`, { messaging_operation_name: 'send' })).toBeGreaterThan(0);
    expect(sampleSum(atOrders, METRIC_NAMES.consumerLag, { messaging_destination_name: channelOrders })).toBe(0);
    expect(sampleSum(atOrders, METRIC_NAMES.relayBacklog)).toBeDefined();
    expect(sampleSum(atOrders, METRIC_NAMES.deadLetteredMessages)).toBeUndefined();

    const query = system.services.get('query-service')!.url;
    const auth = await system.auth('operator');
    await waitFor('the order projected', async () => (await fetch(`${query}/orders/${orderId}`, { headers: auth })).status === 200);
    await fetch(`${query}/orders/${orderIdFor('webshop', 'NO-SUCH')}`, { headers: auth });
    const atQuery = await scrape('query-service');
    expect(sampleSum(atQuery, `${METRIC_NAMES.httpRequestDuration}_count`, { http_route: '/orders/:orderId', http_response_status_code: '200' })).toBeGreaterThan(0);
    expect(sampleSum(atQuery, `${METRIC_NAMES.httpRequestDuration}_count`, { http_route: '/orders/:orderId', http_response_status_code: '404' })).toBe(1);
    expect(atQuery.filter((s) => s.name === METRIC_NAMES.httpRequestDuration + '_count' && s.labels.http_route.includes(orderId))).toEqual([]);
    expect(sampleSum(atQuery, METRIC_NAMES.projectionLagEvents, { projection: 'orders' })).toBeDefined();
    expect(sampleSum(atQuery, METRIC_NAMES.projectionLagSeconds, { projection: 'orders' })).toBeDefined();
  });
});
