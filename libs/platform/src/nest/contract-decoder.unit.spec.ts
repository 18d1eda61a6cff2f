import { randomUUID } from 'node:crypto';
import { IncomingMessage } from '@orderflow/messaging';
import { contractDecoder } from './contract-decoder';

const INBOUND = ['channel.orders', 'warehouse.operations', 'carrier.tracking'];

const record = (topic: string, value: unknown, key: string | null = 'k', headers: Record<string, string> = {}): IncomingMessage => ({
  topic,
  partition: 0,
  offset: '0',
  key: key === null ? null : Buffer.from(key),
  value: Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers,
  timestamp: '0',
});

/** Owns every inbound topic and handles every type: each breach is its to dead-letter. */
const owner = contractDecoder({ namespace: '', dlqOwnerOf: new Set(INBOUND), handles: () => true });

describe('contractDecoder', () => {
  describe('types named like what every JavaScript object inherits are unknown types, not lookups', () => {
    const inherited = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    it.each(INBOUND.flatMap((topic) => inherited.map((type) => [topic, type])))('%s: type "%s" is dead-lettered', (topic, type) => {
      const message = { type, version: 1, messageId: randomUUID(), occurredAt: '2026-11-25T10:00:00Z' };
      expect(owner(record(topic, message))).toEqual({ ok: false, reason: expect.stringMatching(/^field "type": unknown type /) });
    });

    it.each(inherited)('a service event of type "%s" is refused as unknown', (type) => {
      const event = { type, version: 1, messageId: randomUUID(), data: {} };
      expect(owner(record('order.events', event))).toEqual({ ok: false, reason: `unknown event type "${type}" on order.events` });
    });
  });
});
