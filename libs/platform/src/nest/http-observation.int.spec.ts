import { Writable } from 'node:stream';
import { CanActivate, Controller, ExecutionContext, Get, INestApplication, Module, Param, UseGuards } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createLogger, Logger, metricsExposition, startTracing, Tracing } from '@orderflow/observability';
import { createServiceApp } from './http-app';
import { observeHttpRequests } from './http-observation';
import { HttpAdapterKind } from './service-descriptor';

/** Stands in for the access guard: the request authenticated as key k-probe. */
class AuthenticatedAsProbeKey implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ principal?: unknown }>().principal = { keyId: 'k-probe', role: 'operator' };
    return true;
  }
}

/** The logger of the app under test: the handler writes a line while it handles a request. */
let handlerLog: Logger | undefined;

@Controller('v1/orders')
class ProbeController {
  @Get(':orderId')
  @UseGuards(AuthenticatedAsProbeKey)
  order(@Param('orderId') orderId: string) {
    handlerLog?.warn('looked up');
    return { orderId };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe.each<HttpAdapterKind>(['express', 'fastify'])('HTTP requests observed on %s (a real Nest app over HTTP)', (http) => {
  let app: INestApplication;
  let url: string;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'probe-service',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
        done();
      },
    }),
  });

  beforeAll(async () => {
    handlerLog = logger;
    tracing = startTracing('probe-service', { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    app = await createServiceApp(ProbeModule, { http }, { logger: false });
    observeHttpRequests(app, { http }, logger);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await tracing?.stop();
  });

  const accessLines = () => lines.filter((l) => 'status' in l);

  it('writes one access line a request: method, route, status, duration and caller key id; no path values or query', async () => {
    lines.length = 0;
    const res = await fetch(`${url}/v1/orders/OF-ada-lovelace?email=ada@example.com`, { headers: { 'x-correlation-id': 'checkout-42' } });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const [access] = accessLines();
    expect(access).toMatchObject({ service: 'probe-service', level: 'info', method: 'GET', route: '/v1/orders/:orderId', status: 200, durationMs: expect.any(Number), callerKeyId: 'k-probe', correlationId: 'checkout-42' });
    expect(JSON.stringify(access)).not.toMatch(/ada/);
    expect(accessLines()).toHaveLength(1);
  });

  it('times each request in the HTTP histogram by its route template, never by its path values', async () => {
    await fetch(`${url}/v1/orders/OF-grace-hopper`);
    await new Promise((r) => setTimeout(r, 50));
    const exposition = await metricsExposition();
    expect(exposition).toMatch(/http_server_request_duration_seconds_count\{http_request_method="GET",http_route="\/v1\/orders\/:orderId",http_response_status_code="200"\} [1-9]/);
    expect(exposition).not.toMatch(/grace/);
  });

  it('logs the handling of a request with its correlation id, and a request that matched no route too', async () => {
    lines.length = 0;
    await fetch(`${url}/v1/orders/OF-1`, { headers: { 'x-correlation-id': 'checkout-43' } });
    await fetch(`${url}/no/such/thing`);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.find((l) => l.msg === 'looked up')).toMatchObject({ correlationId: 'checkout-43', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(accessLines().map((l) => [l.route, l.status, l.callerKeyId])).toEqual([
      ['/v1/orders/:orderId', 200, 'k-probe'],
      [null, 404, undefined],
    ]);
  });

  it("answers each request in a SERVER span that continues the caller's traceparent, named by its route", async () => {
    exporter.reset();
    lines.length = 0;
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${url}/v1/orders/OF-2`, { headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    await new Promise((r) => setTimeout(r, 50));
    const [span] = exporter.getFinishedSpans();
    expect({ kind: span.kind, name: span.name, trace: span.spanContext().traceId, parent: span.parentSpanContext?.spanId }).toEqual({
      kind: SpanKind.SERVER,
      name: 'GET /v1/orders/:orderId',
      trace,
      parent: '00f067aa0ba902b7',
    });
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/v1/orders/:orderId', 'http.response.status_code': 200 });
    expect(accessLines()[0]).toMatchObject({ traceId: trace, spanId: span.spanContext().spanId });
  });
});
