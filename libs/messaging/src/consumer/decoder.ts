import { IncomingMessage } from '../bus/message-bus';

export type Decoded =
  | { ok: true; type: string; messageId: string; payload: unknown }
  /** Dead-lettered with the reason. */
  | { ok: false; reason: string; skip?: false }
  /** Not this consumer's to judge (another consumer of the topic dead-letters it): acknowledged. */
  | { ok: false; reason: string; skip: true };

/** Turns raw bytes into a typed message, or says exactly why it cannot. */
export type Decoder = (message: IncomingMessage) => Decoded;

/**
 * Parses JSON and reads the envelope (`type`, `messageId`), leaving schema validation to the
 * caller's `validate`, which returns the parsed payload or a reason.
 */
export function jsonDecoder(
  validate: (topic: string, body: Record<string, unknown>) => { ok: true; payload: unknown } | { ok: false; reason: string } = (
    _t,
    body,
  ) => ({ ok: true, payload: body }),
): Decoder {
  return (message) => {
    if (!message.value || message.value.length === 0) return { ok: false, reason: 'empty message value' };
    let body: unknown;
    try {
      body = JSON.parse(message.value.toString('utf8'));
    } catch (err) {
      return { ok: false, reason: `value is not valid JSON: ${(err as Error).message}` };
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, reason: 'value must be a JSON object' };
    }
    const envelope = body as Record<string, unknown>;
    if (typeof envelope.type !== 'string' || envelope.type.length === 0) {
      return { ok: false, reason: 'field "type": expected a non-empty string' };
    }
    const messageId = envelope.messageId ?? message.headers['message-id'];
    if (typeof messageId !== 'string' || messageId.length === 0) {
      return { ok: false, reason: 'field "messageId": expected a non-empty string' };
    }
    const validated = validate(message.topic, envelope);
    if (!validated.ok) return validated;
    return { ok: true, type: envelope.type, messageId, payload: validated.payload };
  };
}
