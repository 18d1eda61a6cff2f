import { dlqTopicOf, INBOUND_CATALOG, decodeMessage, inboundKey, ownValue } from '@orderflow/contracts';
import { Headers, IncomingMessage, OutgoingMessage } from '../bus/message-bus';

/** One dead-lettered record, as an operator sees it. */
export interface DeadLetter {
  /** `<partition>:<offset>` in the DLQ topic: what `dlq replay --id` takes. */
  id: string;
  reason: string;
  consumer: string;
  failedAt: string;
  attempts: string;
  source: { topic: string; partition: string; offset: string };
  key: string | null;
  value: Buffer;
  headers: Headers;
}

export function toDeadLetter(record: IncomingMessage, fallbackSourceTopic: string): DeadLetter {
  const h = record.headers;
  return {
    id: `${record.partition}:${record.offset}`,
    reason: h['dlq-reason'] ?? '(no reason recorded)',
    consumer: h['dlq-consumer'] ?? '?',
    failedAt: h['dlq-failed-at'] ?? new Date(Number(record.timestamp)).toISOString(),
    attempts: h['dlq-attempts'] ?? '?',
    source: {
      topic: h['dlq-source-topic'] ?? fallbackSourceTopic,
      partition: h['dlq-source-partition'] ?? '?',
      offset: h['dlq-source-offset'] ?? '?',
    },
    key: record.key?.toString() ?? null,
    value: record.value ?? Buffer.alloc(0),
    headers: h,
  };
}

/**
 * The record that sets a message aside on a dead-letter topic: its original key, bytes and headers,
 * and the `dlq-*` headers saying why, where it came from and who refused it (what `toDeadLetter`
 * reads back). Every consumer that dead-letters builds it here, so operators' tools read them all.
 */
export function deadLetterRecord(
  message: IncomingMessage,
  dlqTopic: string,
  refusal: { reason: string; consumer: string; attempts: number },
): OutgoingMessage {
  const headers: Headers = {
    ...message.headers,
    'dlq-reason': refusal.reason.slice(0, 4000),
    'dlq-source-topic': message.topic,
    'dlq-source-partition': String(message.partition),
    'dlq-source-offset': message.offset,
    'dlq-consumer': refusal.consumer,
    'dlq-attempts': String(refusal.attempts),
    'dlq-failed-at': new Date().toISOString(),
  };
  return { topic: dlqTopic, key: message.key, value: message.value ?? Buffer.alloc(0), headers };
}

export const dlqOf = dlqTopicOf;

/**
 * The record that re-drives a dead letter: its original (or corrected) bytes, on the topic it came
 * from, with the original headers minus the DLQ's own, and a note of where it came from. A message
 * that meets an inbound contract gets the key that contract names (one refused for its key would
 * only be refused again); anything else keeps the key it had. `replayedBy` is the operator (actor).
 */
export function replayMessage(letter: DeadLetter, replacement?: Buffer, contractTopic?: string, replayedBy?: string): OutgoingMessage {
  const headers: Headers = {};
  for (const [k, v] of Object.entries(letter.headers)) if (!k.startsWith('dlq-')) headers[k] = v;
  headers['dlq-replayed-from'] = letter.id;
  // Who re-drove it travels with the message, so the consumer's logs and a later dead letter name them.
  if (replayedBy) headers['dlq-replayed-by'] = replayedBy;
  const value = replacement ?? letter.value;
  return { topic: letter.source.topic, key: contractKey(contractTopic, value) ?? letter.key, value, headers };
}

function contractKey(contractTopic: string | undefined, value: Buffer): string | undefined {
  if (contractTopic === undefined || !ownValue(INBOUND_CATALOG, contractTopic)) return undefined;
  const parsed = decodeMessage(contractTopic, value);
  // A ShipmentPacked may carry any key (its sender's id): the one it had stays.
  if (!parsed.ok || parsed.message.type === 'ShipmentPacked') return undefined;
  return inboundKey(contractTopic, parsed.message);
}

/** A corrected value must meet the contract of the (inbound) topic it goes back to. */
export function checkReplacement(contractTopic: string, value: Buffer): string | undefined {
  if (!ownValue(INBOUND_CATALOG, contractTopic)) return undefined;
  const parsed = decodeMessage(contractTopic, value);
  return parsed.ok ? undefined : parsed.reason;
}
