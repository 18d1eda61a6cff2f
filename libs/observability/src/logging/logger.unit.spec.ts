import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { trace } from '@opentelemetry/api';
import { withWorkContext } from '../context';
import { startTracing } from '../tracing/tracing';
import { createLogger, prettyLogsWanted } from './logger';
import { PinoNestLogger } from './nest-logger';

/** A logger writing into memory: each line as written. */
function captured(options: { level?: string; pretty?: boolean } = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: 'order-service', destination, ...options });
  return { logger, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JSON log lines', () => {
  it('name the service, the level and the time on every line', () => {
    const { logger, json } = captured();
    logger.info('order-service ready');
    expect(json()).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: 'order-service', msg: 'order-service ready' }]);
  });

  it('carry the correlation and causation ids of the work in progress, and the trace and span ids of the active span', () => {
    const { logger, json } = captured();
    const tracing = startTracing('order-service', { spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] });
    let span: { traceId: string; spanId: string } | undefined;
    try {
      withWorkContext({ correlationId: 'order-77', causationId: 'msg-12', messageId: 'msg-13' }, () =>
        trace.getTracer('spec').startActiveSpan('process', (s) => {
          span = s.spanContext();
          logger.warn('stock short');
          s.end();
        }),
      );
      logger.info('outside');
    } finally {
      void tracing.stop();
    }
    const [inside, outside] = json();
    expect(inside).toMatchObject({ service: 'order-service', level: 'warn', correlationId: 'order-77', causationId: 'msg-12', messageId: 'msg-13', traceId: span!.traceId, spanId: span!.spanId });
    expect([outside.correlationId, outside.traceId]).toEqual([undefined, undefined]);
  });

  it('keep to LOG_LEVEL, and refuse a level they do not know, naming the variable', () => {
    const { logger, json } = captured({ level: 'warn' });
    logger.info('hidden');
    logger.error('shown');
    expect(json().map((l) => l.msg)).toEqual(['shown']);
    expect(() => captured({ level: 'loud' })).toThrow('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  });

  it('are human-readable lines when pretty (LOG_FORMAT=pretty, or a terminal)', () => {
    const { logger, lines } = captured({ pretty: true });
    withWorkContext({ correlationId: 'order-77' }, () => logger.info('order-service ready on http://127.0.0.1:3010'));
    expect(lines.join('\n')).toMatch(/INFO.*order-service ready on http:\/\/127\.0\.0\.1:3010/);
    expect(lines.join('\n')).toMatch(/"correlationId":"order-77"/);
    expect(() => JSON.parse(lines[0])).toThrow();
    expect([prettyLogsWanted({}, true), prettyLogsWanted({}, false), prettyLogsWanted({ LOG_FORMAT: 'pretty' }, false), prettyLogsWanted({ LOG_FORMAT: 'json' }, true)]).toEqual([true, false, true, false]);
    expect(() => prettyLogsWanted({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT: expected json or pretty, got "xml"');
  });
});

describe("Nest's logger over pino", () => {
  it('writes what Nest logs with its context, its start-up chatter at debug, and errors with their stack', () => {
    const { logger, json } = captured({ level: 'debug' });
    const nest = new PinoNestLogger(logger);
    nest.log('Kafka at 127.0.0.1:9092: no SASL, plaintext', 'PlatformModule');
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    nest.error('relay stopped', 'Error: boom\n    at relay (relay.ts:1:1)', 'OutboxRelay');
    nest.warn('retrying', 'OutboxRelay');
    expect(json().map(({ level, msg, context, stack }) => ({ level, msg, context, ...(stack ? { stack } : {}) }))).toEqual([
      { level: 'info', msg: 'Kafka at 127.0.0.1:9092: no SASL, plaintext', context: 'PlatformModule' },
      { level: 'debug', msg: 'Mapped {/health, GET} route', context: 'RouterExplorer' },
      { level: 'error', msg: 'relay stopped', context: 'OutboxRelay', stack: 'Error: boom\n    at relay (relay.ts:1:1)' },
      { level: 'warn', msg: 'retrying', context: 'OutboxRelay' },
    ]);
  });

  it("keeps Nest's start-up chatter out at the default level", () => {
    const { logger, json } = captured();
    new PinoNestLogger(logger).log('InstanceLoader dependencies initialized', 'InstanceLoader');
    expect(json()).toEqual([]);
  });
});
