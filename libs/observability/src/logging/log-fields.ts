import { isSpanContextValid, trace } from '@opentelemetry/api';
import { currentWorkContext } from '../context';

/**
 * What every log line carries about the work in progress: the conversation (correlation and
 * causation ids) from the work context, and the active span's trace and span ids.
 */
export function logFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const work = currentWorkContext();
  if (work?.correlationId) fields.correlationId = work.correlationId;
  if (work?.causationId) fields.causationId = work.causationId;
  if (work?.messageId) fields.messageId = work.messageId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}
