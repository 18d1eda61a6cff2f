import fc from 'fast-check';
import { IncomingMessage } from '@orderflow/messaging';
import { hostileRecord, INBOUND_TOPIC_NAMES, InboundRecord, recordOf, validMessage } from '@orderflow/testing';
import { contractDecoder } from './contract-decoder';

/*
 * The decoder is where every consumer of an inbound topic meets what producers send. Thrown at it:
 * generated records, each breaking the contract in one known way (deep nesting, huge arrays, NUL
 * bytes, lone surrogates, __proto__/constructor properties, numbers past every bound, unknown types
 * and versions, missing fields, wrong keys, headers jsonb cannot store, bytes that are no JSON).
 * Each must come back as a dead-letter verdict whose reason says what is wrong (naming the field
 * when one field is wrong), from the topic's owner; every other consumer skips it; nothing throws.
 */

const SEED = 20_261_125;
const RUNS = 10_000;

const incoming = (r: InboundRecord, topicPrefix = ''): IncomingMessage => ({
  topic: `${topicPrefix}${r.topic}`,
  partition: 0,
  offset: '0',
  key: r.key === null ? null : Buffer.from(r.key),
  value: r.value,
  headers: r.headers,
  timestamp: '0',
});

const owner = contractDecoder({ namespace: 'fz', dlqOwnerOf: new Set(INBOUND_TOPIC_NAMES), handles: () => true });
const bystander = contractDecoder({ namespace: 'fz', dlqOwnerOf: new Set(), handles: () => true });

describe('contract decoder under hostile input (property-based, seeded)', () => {
  it(`dead-letters ${RUNS} generated hostile records with a reason that names what is wrong, and never throws`, () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(hostileRecord(), (record) => {
        kinds.set(record.kind, (kinds.get(record.kind) ?? 0) + 1);
        const verdict = owner(incoming(record, 'fz.'));
        const named = record.field === undefined || (!verdict.ok && verdict.reason.includes(`field "${record.field}"`));
        if (verdict.ok || verdict.skip || !record.reason.test(verdict.reason) || !named) {
          throw new Error(`${record.kind} (${record.field ?? 'no field'}) not refused as expected: ${JSON.stringify(verdict).slice(0, 600)}`);
        }
        const other = bystander(incoming(record, 'fz.'));
        if (other.ok || !other.skip) throw new Error(`${record.kind}: a consumer that does not own ${record.topic} must skip it, got ${JSON.stringify(other).slice(0, 300)}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Every kind of fault was thrown often enough to matter.
    for (const kind of ['nul', 'lone-surrogate', 'reserved-property', 'deep-nesting', 'past-bound', 'unknown-type', 'unknown-version', 'wrong-key', 'huge-array']) {
      expect([kind, (kinds.get(kind) ?? 0) > 200]).toEqual([kind, true]);
    }
  });

  it('accepts the valid messages they were made from, keyed by the contract', () => {
    fc.assert(
      fc.property(validMessage(), (message) => {
        expect(owner(incoming(recordOf(message), 'fz.'))).toMatchObject({ ok: true, type: message.type, messageId: message.messageId });
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
