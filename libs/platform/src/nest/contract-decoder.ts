import { decodeMessage, INBOUND_CATALOG } from '@orderflow/contracts';
import { Decoder, jsonDecoder } from '@orderflow/messaging';

/**
 * Inbound topics are checked against their contract schemas (size, JSON, type, version, fields);
 * internal service-event topics only need a well-formed envelope.
 */
export function contractDecoder(namespace: string): Decoder {
  const prefix = namespace ? `${namespace}.` : '';
  const envelopeOnly = jsonDecoder();
  return (message) => {
    const contractTopic = message.topic.startsWith(prefix) ? message.topic.slice(prefix.length) : message.topic;
    if (!INBOUND_CATALOG[contractTopic]) return envelopeOnly(message);
    const parsed = decodeMessage(contractTopic, message.value);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    return {
      ok: true,
      type: String(parsed.message.type),
      messageId: String(parsed.message.messageId),
      payload: parsed.message,
    };
  };
}
