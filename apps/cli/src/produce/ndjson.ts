import { decodeMessage, INBOUND_TOPICS, inboundKey } from '@orderflow/contracts';

export interface ValidLine {
  line: number;
  key: string;
  value: string;
  messageId: string;
}

export interface InvalidLine {
  line: number;
  reason: string;
}

export function assertInboundTopic(topic: string): void {
  if (!(INBOUND_TOPICS as readonly string[]).includes(topic)) {
    throw new Error(`--topic must be one of ${INBOUND_TOPICS.join(', ')} (got "${topic}")`);
  }
}

/**
 * Checks one NDJSON line against the topic's contract, exactly as the consumers will, and gives
 * the record to send (the original bytes, keyed by the contract's key) or the reason it is bad.
 * Blank lines give undefined.
 */
export function checkLine(topic: string, text: string, line: number): ValidLine | InvalidLine | undefined {
  if (text.trim() === '') return undefined;
  const parsed = decodeMessage(topic, Buffer.from(text, 'utf8'));
  if (!parsed.ok) return { line, reason: parsed.reason };
  return { line, key: inboundKey(topic, parsed.message), value: text, messageId: String(parsed.message.messageId) };
}

export const isValid = (l: ValidLine | InvalidLine): l is ValidLine => 'key' in l;
