import { context, SpanKind } from '@opentelemetry/api';
import { Attr } from './attributes';
import { runInSpan } from './run-in-span';
import { tracer } from './tracing';

/**
 * Runs one statement of the event store's append (any number of streams and events) in a CLIENT
 * span, child of the active span: the message or request whose unit of work is being written.
 */
export function appendSpan<T>(streams: number, events: number, append: () => Promise<T>): Promise<T> {
  const t = tracer();
  if (!t) return append();
  const parent = context.active();
  const span = t.startSpan(
    'append_events events',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [Attr.dbSystem]: 'postgresql',
        [Attr.dbSystemName]: 'postgresql',
        [Attr.dbOperation]: 'append_events',
        [Attr.dbCollection]: 'events',
        'orderflow.append.streams': streams,
        'orderflow.append.events': events,
      },
    },
    parent,
  );
  return runInSpan(span, parent, append);
}
