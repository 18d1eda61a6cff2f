import {
  BOUNDS,
  currentEventData,
  decodeMessage,
  fieldIssues,
  INBOUND_CATALOG,
  inboundKeyProblem,
  issuesText,
  MAX_MESSAGE_BYTES,
  nestsDeeperThan,
  notificationKey,
  NotificationSchemas,
  ownValue,
  SERVICE_EVENT_CATALOG,
  ServiceEventMessage,
  textProblem,
  Topics,
} from '@orderflow/contracts';
import { Decoded, Decoder, IncomingMessage } from '@orderflow/messaging';

export interface ContractDecoderOptions {
  namespace: string;
  /** Inbound topics (contract names) whose contract breaches this service dead-letters. */
  dlqOwnerOf: ReadonlySet<string>;
  /** Whether this service has a handler for a message type. */
  handles: (type: string) => boolean;
}

/**
 * Decodes what a service consumes against the contracts.
 * - Inbound topics are shared (channel.orders feeds order and after-sales): every breach of the
 *   contract goes to the DLQ exactly once, from the topic's owning consumer; the others skip it.
 * - Service event topics carry stored events: types this service does not handle are skipped by
 *   header, before parsing; the rest are upcast to the current schema and validated.
 */
export function contractDecoder(options: ContractDecoderOptions): Decoder {
  const prefix = options.namespace ? `${options.namespace}.` : '';
  return (message) => {
    const topic = message.topic.startsWith(prefix) ? message.topic.slice(prefix.length) : message.topic;
    if (ownValue(INBOUND_CATALOG, topic)) return decodeInbound(topic, message, options);
    if (topic === Topics.channelNotifications) return decodeNotification(message, options);
    const events = ownValue(SERVICE_EVENT_CATALOG, topic);
    if (events) return decodeServiceEvent(topic, events, message, options);
    return { ok: false, reason: `no contract for topic ${message.topic}` };
  };
}

function decodeInbound(topic: string, message: IncomingMessage, options: ContractDecoderOptions): Decoded {
  if (!options.dlqOwnerOf.has(topic)) {
    // Not this service's to judge: skip what it does not handle before validating the schema.
    const type = peekType(message.value);
    if (type === undefined || !options.handles(type)) return { ok: false, reason: 'not handled here', skip: true };
  }
  const breach = (reason: string): Decoded =>
    options.dlqOwnerOf.has(topic) ? { ok: false, reason } : { ok: false, reason, skip: true };
  const parsed = decodeMessage(topic, message.value);
  if (!parsed.ok) return breach(parsed.reason);
  const wrong = inboundKeyProblem(topic, parsed.message, message.key?.toString('utf8') ?? null) ?? storedHeaderProblem(message);
  if (wrong !== undefined) return breach(wrong);
  const type = String(parsed.message.type);
  if (!options.handles(type)) return { ok: false, reason: `${type} is not handled here`, skip: true };
  return { ok: true, type, messageId: String(parsed.message.messageId), payload: parsed.message };
}

/**
 * channel.notifications (the gateway's webhooks, docs/adr/0035): our own relays write it, so a
 * breach is a bug upstream, dead-lettered by the one consumer that owns the topic.
 */
function decodeNotification(message: IncomingMessage, options: ContractDecoderOptions): Decoded {
  const breach = (reason: string): Decoded =>
    options.dlqOwnerOf.has(Topics.channelNotifications) ? { ok: false, reason } : { ok: false, reason, skip: true };
  const type = peekType(message.value);
  if (type === undefined) return breach('expected a JSON object naming its "type", within the size limit');
  const schema = ownValue(NotificationSchemas as Record<string, import('zod').ZodType>, type);
  if (!schema) return breach(`unknown notification type "${type}"`);
  if (!options.handles(type)) return { ok: false, reason: `${type} is not handled here`, skip: true };
  const parsed = schema.safeParse(JSON.parse(message.value!.toString('utf8')));
  if (!parsed.success) return breach(`${type} breaks its schema: ${issuesText(fieldIssues(parsed.error))}`);
  const notification = parsed.data as { messageId: string; channel: string; externalOrderId: string };
  const key = message.key?.toString('utf8') ?? null;
  if (key !== notificationKey(notification)) return breach(`key: expected "${notificationKey(notification)}" (<channel>:<externalOrderId>), got ${key === null ? 'none' : `"${key}"`}`);
  return { ok: true, type, messageId: notification.messageId, payload: notification };
}

/** Headers the consumer copies into the metadata of every event a message causes. */
const STORED_HEADERS = ['correlation-id', 'traceparent'];
const MAX_STORED_HEADER_CHARS = 1024;

/** Why a header that is stored with the events cannot be: jsonb refuses a NUL, and size multiplies. */
function storedHeaderProblem(message: IncomingMessage): string | undefined {
  for (const name of STORED_HEADERS) {
    const value = message.headers[name];
    if (value === undefined) continue;
    if (value.length > MAX_STORED_HEADER_CHARS) {
      return `header ${name}: ${value.length} characters, over the ${MAX_STORED_HEADER_CHARS}-character limit`;
    }
    const problem = textProblem(value);
    if (problem) return `header ${name}: ${problem}`;
  }
  return undefined;
}

/** The message's `type`, if it is a JSON object within the size limit that names one. */
function peekType(value: Buffer | null): string | undefined {
  if (!value || value.length > MAX_MESSAGE_BYTES) return undefined;
  const text = value.toString('utf8');
  if (nestsDeeperThan(text, BOUNDS.maxNestingDepth)) return undefined; // the owner dead-letters it, unparsed
  try {
    const body = JSON.parse(text) as { type?: unknown } | null;
    return typeof body?.type === 'string' ? body.type : undefined;
  } catch {
    return undefined;
  }
}

function decodeServiceEvent(
  topic: string,
  schemas: Record<string, import('zod').ZodType>,
  message: IncomingMessage,
  options: ContractDecoderOptions,
): Decoded {
  const hinted = message.headers['event-type'];
  if (hinted && !options.handles(hinted)) return { ok: false, reason: `${hinted} is not handled here`, skip: true };
  let body: ServiceEventMessage<Record<string, unknown>>;
  try {
    body = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (err) {
    return { ok: false, reason: `value is not valid JSON: ${(err as Error).message}` };
  }
  if (!body || typeof body !== 'object' || typeof body.type !== 'string' || typeof body.messageId !== 'string') {
    return { ok: false, reason: 'expected a service event envelope with "type" and "messageId"' };
  }
  if (!options.handles(body.type)) return { ok: false, reason: `${body.type} is not handled here`, skip: true };
  const schema = ownValue(schemas, body.type);
  if (!schema) return { ok: false, reason: `unknown event type "${body.type}" on ${topic}` };
  const data = schema.safeParse(currentEventData(body.type, Number(body.version ?? 1), body.data));
  if (!data.success) {
    return { ok: false, reason: `${body.type} breaks its schema: ${issuesText(fieldIssues(data.error, { at: 'data' }))}` };
  }
  return { ok: true, type: body.type, messageId: body.messageId, payload: { ...body, data: data.data } };
}
