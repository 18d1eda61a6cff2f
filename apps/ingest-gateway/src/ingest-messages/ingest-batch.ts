import { createHash } from 'node:crypto';
import { BOUNDS, decodeMessage, FieldIssue, inboundKey, nestsDeeperThan, shapeIssues, utf8Text } from '@orderflow/contracts';

/** 1 MiB: the largest request body the gateway reads. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_MESSAGES = 1000;

export type FieldError = FieldIssue;

/** A message that meets its topic's contract, ready to publish as it arrived. */
export interface CheckedMessage {
  index: number;
  messageId: string;
  /** The contract's partition key (inboundKey). */
  key: string;
  /** The JSON the consumers will read: exactly the bytes that were validated. */
  value: string;
  /** Who the message speaks for, as far as its contract says: what an API key's scope is checked against. */
  speaksFor: { channel?: string; warehouseId?: string; carrier?: string };
}

export type MessageResult =
  | { index: number; messageId: string; status: 'published' | 'duplicate' | 'not_published' }
  | { index: number; messageId?: string; status: 'rejected'; errors: FieldError[] };

export type BatchCheck =
  | { ok: true; messages: CheckedMessage[] }
  | { ok: false; status: 400 | 413; message: string }
  | { ok: false; status: 422; message: string; results: MessageResult[] };

/**
 * Reads a request body as one message or a JSON array of messages and checks each against the
 * topic's contract exactly as its consumers will (size, JSON, type, version, schema). A batch is
 * all-or-nothing: one bad message makes the whole batch 422, with a result for every message.
 */
export function checkBatch(topic: string, body: Buffer | undefined): BatchCheck {
  if (body && body.length > MAX_BODY_BYTES) {
    return { ok: false, status: 413, message: `body is ${body.length} bytes, over the ${MAX_BODY_BYTES}-byte (1 MiB) limit` };
  }
  const text = body ? utf8Text(body) : '';
  if (text === undefined) return { ok: false, status: 400, message: 'body is not valid UTF-8 text' };
  if (text.trim() === '') return { ok: false, status: 400, message: 'body is empty: expected a message or a JSON array of messages' };
  // One level more than a message may have: the array around a batch.
  const maxDepth = BOUNDS.maxNestingDepth + 1;
  if (nestsDeeperThan(text, maxDepth)) {
    return { ok: false, status: 400, message: `body is nested deeper than ${maxDepth} levels of objects and arrays` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, status: 400, message: `body is not valid JSON: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object') {
    return { ok: false, status: 400, message: `body must be a message (JSON object) or an array of messages, got ${describe(parsed)}` };
  }
  const batch = Array.isArray(parsed) ? parsed : [parsed];
  if (batch.length === 0) return { ok: false, status: 400, message: 'body is an empty array: expected at least one message' };
  if (batch.length > MAX_BATCH_MESSAGES) {
    return {
      ok: false,
      status: 400,
      message: `body holds ${batch.length} messages, over the limit of ${MAX_BATCH_MESSAGES} per request; split it`,
    };
  }

  const checked: (CheckedMessage | Extract<MessageResult, { status: 'rejected' }>)[] = [];
  const firstIndexOf = new Map<string, number>();
  for (const [index, element] of batch.entries()) {
    const messageId = messageIdOf(element);
    // Refused before it is serialised again: JSON.stringify recurses, and must meet only sane shapes.
    const shape = shapeIssues(element);
    if (shape.length > 0) {
      checked.push({ index, messageId, status: 'rejected', errors: shape.map(wholeMessageNamed) });
      continue;
    }
    const value = JSON.stringify(element);
    const decoded = decodeMessage(topic, Buffer.from(value, 'utf8'));
    if (!decoded.ok) {
      checked.push({ index, messageId, status: 'rejected', errors: decoded.issues.map(wholeMessageNamed) });
      continue;
    }
    const id = String(decoded.message.messageId);
    const first = firstIndexOf.get(id);
    if (first !== undefined) {
      // Consumers would silently drop the second one as a redelivery of the first.
      checked.push({
        index,
        messageId: id,
        status: 'rejected',
        errors: [{ field: 'messageId', message: `repeats the messageId of message ${first} in this batch` }],
      });
      continue;
    }
    firstIndexOf.set(id, index);
    checked.push({ index, messageId: id, key: inboundKey(topic, decoded.message), value, speaksFor: speaksFor(decoded.message) });
  }

  const rejected = checked.filter((c) => 'status' in c).length;
  if (rejected === 0) return { ok: true, messages: checked as CheckedMessage[] };
  return {
    ok: false,
    status: 422,
    message:
      `${rejected} of ${batch.length} message(s) break the ${topic} contract; nothing was published. ` +
      'Fix them and resend the whole batch.',
    results: checked.map((c) => ('status' in c ? c : { index: c.index, messageId: c.messageId, status: 'not_published' })),
  };
}

/** What makes two requests "the same" under one Idempotency-Key: the topic and the messages. */
export function requestHash(topic: string, messages: readonly CheckedMessage[]): string {
  const hash = createHash('sha256').update(topic);
  for (const m of messages) hash.update('\n').update(m.value);
  return hash.digest('hex');
}

/** The messageId the caller gave, to match results with messages; not echoed when it is no plausible id. */
function messageIdOf(element: unknown): string | undefined {
  const id = element && typeof element === 'object' ? (element as Record<string, unknown>).messageId : undefined;
  return typeof id === 'string' && id.length <= 128 ? id : undefined;
}

/** The contracts name a problem with the message as a whole by an empty path. */
function wholeMessageNamed(issue: FieldIssue): FieldError {
  return issue.field ? issue : { field: '(message)', message: issue.message };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

function speaksFor(message: Record<string, unknown>): CheckedMessage['speaksFor'] {
  const fields = ['channel', 'warehouseId', 'carrier'] as const;
  return Object.fromEntries(fields.flatMap((f) => (typeof message[f] === 'string' ? [[f, message[f]]] : [])));
}
