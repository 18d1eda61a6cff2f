import { Context, Span, SpanStatusCode, context, trace } from '@opentelemetry/api';

/**
 * Runs `work` with `span` active (as a child of `parent`), and ends the span when the work settles:
 * a failure is recorded on it as an exception and an error status, and rethrown.
 */
export async function runInSpan<T>(span: Span, parent: Context, work: () => Promise<T>, active: (ctx: Context) => Context = (ctx) => ctx): Promise<T> {
  try {
    return await context.with(active(trace.setSpan(parent, span)), work);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Marks a span failed by this error. */
export function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}
