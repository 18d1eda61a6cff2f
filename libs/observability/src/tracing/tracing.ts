import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { samplerFromEnv } from './sampler';

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Where spans go instead of the OTLP exporter (tests: an in-memory exporter); tracing is then on. */
  spanProcessors?: SpanProcessor[];
}

/** What startTracing set up; `stop` flushes what is still queued and switches tracing off. */
export interface Tracing {
  enabled: boolean;
  stop(): Promise<void>;
}

let provider: TracerProvider | undefined;
let activeTracer: Tracer | undefined;

/**
 * The process's tracer, or undefined while tracing is off: every span hook asks this first and,
 * when off, runs its work bare (no span objects, no context switches), so the hot path pays nothing.
 */
export function tracer(): Tracer | undefined {
  return activeTracer;
}

const numberFrom = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}: expected a whole number, got ${JSON.stringify(text)}`);
  return value;
};

/** Tracing is on only when an OTLP endpoint is configured, and neither the SDK nor the traces exporter is switched off. */
export function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/**
 * Sets up this process's tracing once, at start (docs/adr/0027), from the standard OTEL_* variables
 * only: the OTLP/HTTP JSON exporter reads its endpoint, headers and timeout itself; the service name
 * is OTEL_SERVICE_NAME, else `serviceName`; OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG)
 * and OTEL_BSP_* are honoured. Without an endpoint nothing is set up: the `traceparent` is still
 * carried from hop to hop as it arrived.
 */
export function startTracing(serviceName: string, options: TracingOptions = {}): Tracing {
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingConfigured(env)) return { enabled: false, stop: async () => undefined };
  if (provider) throw new Error('tracing is already started in this process');
  const sampler = samplerFromEnv(env);
  const processors = options.spanProcessors ?? [
    new BatchSpanProcessor({
      exporter: new OTLPTraceExporter(),
      scheduledDelayMillis: numberFrom(env, 'OTEL_BSP_SCHEDULE_DELAY'),
      exportTimeoutMillis: numberFrom(env, 'OTEL_BSP_EXPORT_TIMEOUT'),
      maxQueueSize: numberFrom(env, 'OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: numberFrom(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    }),
  ];
  const created = new TracerProvider({
    sampler,
    resource: resourceFromAttributes({ ...resourceAttributesOf(env), [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(created);
  provider = created;
  activeTracer = created.getTracer('orderflow');
  return {
    enabled: true,
    async stop() {
      if (provider !== created) return;
      activeTracer = undefined;
      provider = undefined;
      await created.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** OTEL_RESOURCE_ATTRIBUTES: `key=value` pairs separated by commas, values percent-encoded. */
function resourceAttributesOf(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      out[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A value that is not valid percent-encoding is left out, as the specification allows.
    }
  }
  return out;
}
