import { Context, isSpanContextValid, ROOT_CONTEXT, SpanContext, trace, TraceFlags } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';

/** The W3C `traceparent` header naming this span as the parent. */
export function traceparentOf(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-${span.traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`;
}

/** The span context a `traceparent` header names, when it is a valid one. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  const parsed = traceparent ? parseTraceParent(traceparent) : null;
  return parsed && isSpanContextValid(parsed) ? { ...parsed, isRemote: true } : undefined;
}

/**
 * A context whose parent is the span a `traceparent` names, else the root: never the active
 * context, so work that continues a stored or received trace never joins whatever runs around it.
 */
export function contextOf(traceparent: string | undefined): Context {
  const parent = spanContextOf(traceparent);
  return parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}
