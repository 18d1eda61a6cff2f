import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { OtlpReceiver, ReceivedSpan, SpanKinds } from './support/otlp-receiver';
import { TestSystem } from './support/system';

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];
const spanIdOf = (traceparent: unknown) => String(traceparent).split('-')[2];

/** The spans whose parent is not in the trace; a whole tree has exactly one: its root. */
const orphans = (spans: ReceivedSpan[]) => {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId));
};

/** Every JSON line a service printed (any other line is returned as a string, to fail the check). */
const linesOf = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return l;
      }
    });

/**
 * One order through the system as processes, with tracing on (docs/adr/0027): every hop, from the
 * gateway's HTTP request through order-service and inventory-service to the order's ALLOCATED
 * event, is one trace that services export over OTLP/HTTP; and their logs are JSON lines that
 * carry the service, the conversation and the trace.
 */
describe('traces and logs across every Kafka hop (gateway, order and inventory services as processes)', () => {
  let receiver: OtlpReceiver;
  let system: TestSystem;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await TestSystem.start(['ingest-gateway', 'order-service', 'inventory-service'], {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_FORMAT: 'json' },
      serviceEnv: { 'order-service': { LOG_LEVEL: 'debug' } },
    });
    await system.produce(Topics.warehouseOperations, [warehouseRegistered('WH-BER', 'DE', 'BE'), stockReceived('WH-BER', 'TRACE-MUG', 10)]);
    await waitFor('TRACE-MUG known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'TRACE-MUG'`)) as unknown[];
      return rows.length > 0;
    }, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.stop();
  });

  it('gives an order one trace from the gateway request to its ALLOCATED event, as one tree of spans', async () => {
    const order = orderSubmitted('TRACE-1', [{ sku: 'TRACE-MUG', quantity: 1, unitPriceMinor: 1250 }]);
    const gateway = system.services.get('ingest-gateway')!.url;
    const posted = await fetch(`${gateway}/v1/channel-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await system.gatewayKeys.headersFor('/v1/channel-orders', order)) },
      body: JSON.stringify(order),
    });
    expect(posted.status).toBe(202);

    const orderStream = StreamIds.order(orderIdFor('webshop', 'TRACE-1'));
    const allocated = await system.waitForEvent<{ status: string }>(orderStream, 'OrderAllocated', (d) => d.status === 'ALLOCATED');
    const traceparent = allocated.metadata?.traceparent;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceIdOf(traceparent);

    // Spans arrive in batches as they end: wait until the order's trace is one whole tree.
    const spans = await waitFor(
      'the order trace as one tree reaching the ALLOCATED event',
      () => {
        const trace = receiver.trace(traceId);
        const ids = new Set(trace.map((s) => s.spanId));
        return orphans(trace).length === 1 && ids.has(spanIdOf(traceparent)) ? trace : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    ).catch(() => receiver.trace(traceId));

    const [root] = orphans(spans);
    expect(orphans(spans).map((s) => `${s.service} ${s.name}`)).toEqual(['ingest-gateway POST /v1/channel-orders']);
    expect(root).toMatchObject({ kind: SpanKinds.server, attributes: { 'http.request.method': 'POST', 'http.route': '/v1/channel-orders', 'http.response.status_code': 202 } });

    const has = (service: string, kind: number, destination?: string) =>
      spans.some((s) => s.service === service && s.kind === kind && (destination === undefined || String(s.attributes['messaging.destination.name']).endsWith(destination)));
    expect({
      gatewayPublish: has('ingest-gateway', SpanKinds.producer, Topics.channelOrders),
      orderProcess: has('order-service', SpanKinds.consumer, Topics.channelOrders),
      orderAppend: spans.some((s) => s.service === 'order-service' && s.kind === SpanKinds.client && s.attributes['db.system'] === 'postgresql'),
      orderRelay: has('order-service', SpanKinds.producer, Topics.orderEvents),
      inventoryProcess: has('inventory-service', SpanKinds.consumer, Topics.orderEvents),
      inventoryRelay: has('inventory-service', SpanKinds.producer, Topics.inventoryEvents),
      orderProcessesInventory: has('order-service', SpanKinds.consumer, Topics.inventoryEvents),
    }).toEqual({
      gatewayPublish: true,
      orderProcess: true,
      orderAppend: true,
      orderRelay: true,
      inventoryProcess: true,
      inventoryRelay: true,
      orderProcessesInventory: true,
    });
    for (const s of spans.filter((s) => s.kind === SpanKinds.producer || s.kind === SpanKinds.consumer)) {
      expect([s.name, s.attributes['messaging.system'], s.attributes['messaging.operation.type']]).toEqual([
        s.name,
        'kafka',
        s.kind === SpanKinds.producer ? 'send' : 'process',
      ]);
    }
    // The ALLOCATED event was appended while order-service processed inventory's event, in that span.
    const allocatingSpan = spans.find((s) => s.spanId === spanIdOf(traceparent));
    expect(allocatingSpan).toMatchObject({ service: 'order-service', kind: SpanKinds.consumer });

    // Logs: JSON lines with the service, and the conversation and trace of the work they were written in.
    const gatewayLines = linesOf(system.services.get('ingest-gateway')!.process.output());
    const access = gatewayLines.find((l) => typeof l === 'object' && l.route === '/v1/channel-orders') as Record<string, unknown> | undefined;
    expect(access).toMatchObject({ service: 'ingest-gateway', level: 'info', method: 'POST', status: 202, durationMs: expect.any(Number), callerKeyId: expect.any(String), traceId: root.traceId, correlationId: expect.any(String) });
    expect(JSON.stringify(access)).not.toMatch(/ofk_/);
    const orderLines = linesOf(system.services.get('order-service')!.process.output());
    expect(orderLines.filter((l) => typeof l === 'string')).toEqual([]);
    const processing = orderLines.find((l) => typeof l === 'object' && l.traceId === traceId && l.messageId === order.messageId) as Record<string, unknown> | undefined;
    expect(processing).toMatchObject({ service: 'order-service', level: 'debug', correlationId: order.messageId, spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
