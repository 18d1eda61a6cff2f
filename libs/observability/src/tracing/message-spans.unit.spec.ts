import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { SpanKind } from '@opentelemetry/api';
import { currentWorkContext } from '../context';
import { appendSpan } from './store-spans';
import { messageSpan, sendSpans, unitOfWorkSpan } from './message-spans';
import { startTracing, Tracing, tracingConfigured } from './tracing';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';
const traceparent = (trace = TRACE, parent = PARENT) => `00-${trace}-${parent}-01`;
const record = (offset: string, headers: Record<string, string> = {}) => ({ topic: 'of.order.events', partition: 3, offset, headers });

describe('spans across a Kafka hop (in-memory exporter)', () => {
  let exporter: InMemorySpanExporter;
  let tracing: Tracing;
  beforeEach(() => {
    // A new one each time: stopping tracing shuts its exporter down.
    exporter = new InMemorySpanExporter();
    tracing = startTracing('order-service', { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  });
  afterEach(() => tracing.stop());

  const spans = () => exporter.getFinishedSpans();
  const byKind = (kind: SpanKind) => spans().filter((s) => s.kind === kind);
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it("processes a message in a CONSUMER span that is its traceparent's child, and hands that span on to what it appends", async () => {
    const m = record('41', { traceparent: traceparent(), 'correlation-id': 'corr-1', 'causation-id': 'cause-1' });
    let handedOn: string | undefined;
    let context: unknown;
    await unitOfWorkSpan('order-service', [{ ...m, messageId: 'msg-1' }], async () => {
      await messageSpan('order-service', m, 'msg-1', async (tp) => {
        handedOn = tp;
        context = currentWorkContext();
      });
      await appendSpan(1, 2, async () => undefined);
    });
    const [consumer] = byKind(SpanKind.CONSUMER);
    expect(byKind(SpanKind.CONSUMER)).toHaveLength(1); // the unit of one message is that message's span
    expect([consumer.spanContext().traceId, parentOf(consumer), consumer.name]).toEqual([TRACE, PARENT, 'process of.order.events']);
    expect(consumer.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': 'of.order.events', 'messaging.message.id': 'msg-1' });
    expect(handedOn).toBe(`00-${TRACE}-${consumer.spanContext().spanId}-01`);
    expect(context).toEqual({ correlationId: 'corr-1', causationId: 'cause-1', messageId: 'msg-1' });
    const [append] = byKind(SpanKind.CLIENT);
    expect([append.spanContext().traceId, parentOf(append), append.attributes['db.system']]).toEqual([TRACE, consumer.spanContext().spanId, 'postgresql']);
  });

  it("applies many messages in one batch span linked to each, while each message's processing stays in its own trace", async () => {
    const other = 'ffe0651916cd43dd8448eb211c803100';
    const a = record('1', { traceparent: traceparent() });
    const b = record('2', { traceparent: traceparent(other, 'a7ad6b7169203332') });
    await unitOfWorkSpan('order-service', [{ ...a, messageId: 'a' }, { ...b, messageId: 'b' }], async () => {
      await messageSpan('order-service', a, 'a', async () => undefined);
      await messageSpan('order-service', b, 'b', async () => undefined);
    });
    const consumers = byKind(SpanKind.CONSUMER);
    const batch = consumers.find((s) => s.attributes['messaging.batch.message_count'] === 2)!;
    expect(parentOf(batch)).toBeUndefined();
    expect(batch.links.map((l) => l.context.traceId)).toEqual([TRACE, other]);
    const own = consumers.filter((s) => s !== batch).map((s) => [s.spanContext().traceId, parentOf(s), s.links[0]?.context.spanId]);
    expect(own).toEqual([
      [TRACE, PARENT, batch.spanContext().spanId],
      [other, 'a7ad6b7169203332', batch.spanContext().spanId],
    ]);
  });

  it("sends each record in a PRODUCER span continuing its header's trace, and sends that span's context instead", async () => {
    const message = { topic: 'of.order.events', headers: { traceparent: traceparent(), 'message-id': 'e-1' } };
    await sendSpans([message], async () => undefined);
    const [producer] = byKind(SpanKind.PRODUCER);
    expect([producer.spanContext().traceId, parentOf(producer), producer.attributes['messaging.operation.type']]).toEqual([TRACE, PARENT, 'send']);
    expect(message.headers.traceparent).toBe(`00-${TRACE}-${producer.spanContext().spanId}-01`);
  });

  it('records a failed processing on its span, and still fails', async () => {
    const m = record('7', { traceparent: traceparent() });
    await expect(messageSpan('g', m, 'm', async () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(spans()[0].status).toMatchObject({ code: 2, message: 'database gone' });
  });
});

describe('tracing off (no OTLP endpoint)', () => {
  it('is off unless an endpoint is set, and off when the SDK or the exporter is switched off', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(startTracing('order-service', { env: {} }).enabled).toBe(false);
  });

  it('carries the traceparent on as it arrived, and leaves headers alone', async () => {
    const m = record('1', { traceparent: traceparent() });
    let handedOn: string | undefined;
    await unitOfWorkSpan('g', [{ ...m, messageId: 'm' }], () => messageSpan('g', m, 'm', async (tp) => void (handedOn = tp)));
    expect(handedOn).toBe(traceparent());
    const message = { topic: 't', headers: { traceparent: traceparent() } };
    await sendSpans([message], async () => undefined);
    expect(message.headers.traceparent).toBe(traceparent());
  });

  it('refuses a sampler it does not know, naming the variable', () => {
    expect(() => startTracing('x', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_TRACES_SAMPLER: 'sometimes' } })).toThrow(
      /OTEL_TRACES_SAMPLER: expected always_on, .* got "sometimes"/,
    );
  });
});
