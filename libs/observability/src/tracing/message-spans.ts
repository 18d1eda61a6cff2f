import { context, createContextKey, Link, SpanKind, trace } from '@opentelemetry/api';
import { withWorkContext } from '../context';
import { log } from '../logging/logger';
import { Attr } from './attributes';
import { currentTraceparent } from './current-trace';
import { failed, runInSpan } from './run-in-span';
import { contextOf, spanContextOf, traceparentOf } from './traceparent';
import { tracer } from './tracing';

/** A consumed Kafka record, as far as its spans need it. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  headers: Readonly<Record<string, string | undefined>>;
}

/** A record about to be sent; its `traceparent` header is replaced by its PRODUCER span's. */
export interface RecordToSend {
  topic: string;
  headers?: Record<string, string | undefined>;
}

/** Set while a unit of work of one message runs in that message's own span: its processing needs no second one. */
const PROCESSING_MESSAGE = createContextKey('orderflow.processing-message');

const consumerAttributes = (group: string, record: ConsumedRecord) => ({
  [Attr.messagingSystem]: 'kafka',
  [Attr.messagingOperationType]: 'process',
  [Attr.messagingOperationName]: 'process',
  [Attr.messagingDestination]: record.topic,
  [Attr.messagingPartition]: String(record.partition),
  [Attr.messagingConsumerGroup]: group,
});

/**
 * Runs one transaction of a consumer (the messages of one partition it applies together). A
 * transaction of one message runs in that message's CONSUMER span, child of its `traceparent`, so
 * what the transaction writes (the append) is part of the message's trace. A transaction of many is
 * a batch span of its own, linked to every message's context; each message's processing is still a
 * span in its own trace (messageSpan).
 */
export async function unitOfWorkSpan<T>(group: string, records: readonly (ConsumedRecord & { messageId: string })[], work: () => Promise<T>): Promise<T> {
  const t = tracer();
  if (!t || records.length === 0) return work();
  const [first] = records;
  if (records.length === 1) {
    const parent = contextOf(first.headers.traceparent);
    const span = t.startSpan(`process ${first.topic}`, { kind: SpanKind.CONSUMER, attributes: messageAttributes(group, first, first.messageId) }, parent);
    return runInSpan(span, parent, work, (ctx) => ctx.setValue(PROCESSING_MESSAGE, first.messageId));
  }
  const links: Link[] = [];
  for (const r of records) {
    const linked = spanContextOf(r.headers.traceparent);
    if (linked) links.push({ context: linked });
  }
  const span = t.startSpan(
    `process ${first.topic}`,
    { kind: SpanKind.CONSUMER, root: true, links, attributes: { ...consumerAttributes(group, first), [Attr.messagingBatchCount]: records.length } },
  );
  return runInSpan(span, context.active(), work);
}

const messageAttributes = (group: string, record: ConsumedRecord, messageId: string) => ({
  ...consumerAttributes(group, record),
  [Attr.kafkaOffset]: Number(record.offset),
  [Attr.messagingMessageId]: messageId,
  ...(record.headers['correlation-id'] ? { [Attr.messagingConversationId]: record.headers['correlation-id'] } : {}),
});

/**
 * Runs the handling of one consumed message with its work context (correlation and causation, for
 * every log line) and, while tracing is on, in a CONSUMER span that is a child of the message's
 * `traceparent` and linked to the batch it is applied in. `work` is given the `traceparent` its
 * effects carry on: the span's, or the message's own while tracing is off.
 */
export function messageSpan<T>(group: string, record: ConsumedRecord, messageId: string, work: (traceparent: string | undefined) => Promise<T>): Promise<T> {
  const correlationId = record.headers['correlation-id'] || messageId;
  return withWorkContext({ correlationId, causationId: record.headers['causation-id'] || undefined, messageId }, () => {
    const handle = (traceparent: string | undefined) => {
      const logger = log();
      if (logger.isLevelEnabled('debug')) logger.debug(`processing ${record.topic}[${record.partition}]@${record.offset}`);
      return work(traceparent);
    };
    const t = tracer();
    if (!t) return handle(record.headers.traceparent);
    const active = context.active();
    if (active.getValue(PROCESSING_MESSAGE) === messageId) return handle(currentTraceparent());
    const batch = trace.getSpan(active)?.spanContext();
    const parent = contextOf(record.headers.traceparent);
    const span = t.startSpan(
      `process ${record.topic}`,
      { kind: SpanKind.CONSUMER, attributes: messageAttributes(group, record, messageId), links: batch ? [{ context: batch }] : [] },
      parent,
    );
    return runInSpan(span, parent, () => handle(currentTraceparent()));
  });
}

/**
 * Sends records, each in a PRODUCER span that continues the trace its `traceparent` header names
 * (a stored event's, or the request's), and sends that span's context in the header instead, so
 * the consumer's span is the producer's child. The spans end when the broker acknowledged.
 */
export async function sendSpans<T>(records: readonly RecordToSend[], send: () => Promise<T>): Promise<T> {
  const t = tracer();
  if (!t || records.length === 0) return send();
  const spans = records.map((r) => {
    const span = t.startSpan(
      `send ${r.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [Attr.messagingSystem]: 'kafka',
          [Attr.messagingOperationType]: 'send',
          [Attr.messagingOperationName]: 'send',
          [Attr.messagingDestination]: r.topic,
          ...(r.headers?.['message-id'] ? { [Attr.messagingMessageId]: r.headers['message-id'] } : {}),
        },
      },
      contextOf(r.headers?.traceparent),
    );
    if (r.headers) r.headers.traceparent = traceparentOf(span.spanContext());
    return span;
  });
  try {
    return await send();
  } catch (err) {
    spans.forEach((s) => failed(s, err));
    throw err;
  } finally {
    spans.forEach((s) => s.end());
  }
}
