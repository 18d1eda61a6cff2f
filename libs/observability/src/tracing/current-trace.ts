import { isSpanContextValid, trace } from '@opentelemetry/api';
import { traceparentOf } from './traceparent';
import { tracer } from './tracing';

/** The `traceparent` of the active span, to hand on to the next hop; undefined while tracing is off or no span is active. */
export function currentTraceparent(): string | undefined {
  if (!tracer()) return undefined;
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? traceparentOf(span) : undefined;
}
