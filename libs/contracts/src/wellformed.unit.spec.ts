import { inboundExample } from '../test/inbound-examples';
import { decodeMessage } from './catalog';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');

function decodeExample(type: string, change: (m: Record<string, unknown>) => void) {
  const { topic, message } = inboundExample(type);
  change(message);
  return decodeMessage(topic, bytes(message));
}

const order = (change: (m: Record<string, unknown>) => void) => decodeExample('OrderSubmitted', change);
const customer = (m: Record<string, unknown>) => m.customer as Record<string, unknown>;

describe('text PostgreSQL cannot store is refused at the edge, naming the field', () => {
  it.each([
    ['a NUL character in a field', (m: Record<string, unknown>) => (customer(m).name = 'Ada\u0000Lovelace'), 'customer.name', /NUL/],
    ['a NUL character in a field no contract names', (m: Record<string, unknown>) => (m.note = '\u0000'), 'note', /NUL/],
    ['a NUL character in a property name', (m: Record<string, unknown>) => (m['evil\u0000key'] = 1), 'evil\\u0000key', /NUL/],
    ['a lone high surrogate', (m: Record<string, unknown>) => (m.externalOrderId = 'W-\ud800'), 'externalOrderId', /surrogate/],
    ['a lone low surrogate', (m: Record<string, unknown>) => ((m.lines as Record<string, unknown>[])[0].sku = '\udc00MUG'), 'lines[0].sku', /surrogate/],
    ['surrogates in the wrong order', (m: Record<string, unknown>) => (customer(m).id = '\ude00\ud83d'), 'customer.id', /surrogate/],
  ])('%s', (_case, change, field, reason) => {
    const decoded = order(change);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.issues).toEqual([{ field, message: expect.stringMatching(reason) }]);
  });

  it('takes a well-formed surrogate pair (an emoji) and other control characters as text', () => {
    expect(order((m) => (customer(m).name = 'Ada 😀\u0001\t')).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8', () => {
    const { topic, message } = inboundExample('StockReceived');
    const raw = Buffer.concat([bytes(message).subarray(0, 20), Buffer.from([0xff, 0xfe]), bytes(message).subarray(20)]);
    expect(decodeMessage(topic, raw)).toMatchObject({ ok: false, issues: [{ field: '', message: expect.stringMatching(/not valid UTF-8/) }] });
  });
});

describe('property names that reach into JavaScript objects are refused anywhere in a message', () => {
  it.each([
    ['__proto__ at the top', '{"__proto__":{"channel":"admin"},', '__proto__'],
    ['constructor at the top', '{"constructor":{"prototype":{}},', 'constructor'],
    ['prototype at the top', '{"prototype":1,', 'prototype'],
  ])('%s', (_case, prefix, field) => {
    const { topic, message } = inboundExample('OrderSubmitted');
    const raw = prefix + JSON.stringify(message).slice(1);
    const decoded = decodeMessage(topic, Buffer.from(raw));
    expect(!decoded.ok && decoded.issues[0]).toEqual({ field, message: expect.stringMatching(/property name .* is not allowed/) });
  });

  it('__proto__ inside a line', () => {
    const { topic, message } = inboundExample('OrderSubmitted');
    const raw = JSON.stringify(message).replace('{"sku":', '{"__proto__":{"quantity":1},"sku":');
    const decoded = decodeMessage(topic, Buffer.from(raw));
    expect(!decoded.ok && decoded.issues).toEqual([{ field: 'lines[0].__proto__', message: expect.stringMatching(/is not allowed/) }]);
  });
});

describe('nesting', () => {
  it.each([40, 1_000, 100_000])('refuses a message nested %d levels deep, without parsing it', (depth) => {
    const { topic, message } = inboundExample('TrackingUpdated');
    const raw = JSON.stringify({ ...message, location: undefined }).slice(0, -1) + `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const decoded = decodeMessage(topic, Buffer.from(raw));
    expect(decoded).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/nested deeper than 32 levels/) }] });
  });

  it('takes brackets inside strings for text', () => {
    const decoded = decodeExample('TrackingUpdated', (m) => (m.location = '['.repeat(200) + '{"'.repeat(20)));
    expect(decoded.ok).toBe(true);
  });
});

describe('refusals stay readable', () => {
  it('lists at most 20 problems and counts the rest', () => {
    const decoded = order((m) => (m.lines = Array.from({ length: 400 }, () => ({ sku: '', quantity: 0, unitPriceMinor: -1 }))));
    expect(!decoded.ok && decoded.issues).toHaveLength(21);
    expect(!decoded.ok && decoded.issues[20]).toEqual({ field: '', message: 'and 1180 more problems' });
  });

  it('quotes at most 64 characters of an unknown type, escaped', () => {
    const decoded = decodeExample('StockReceived', (m) => (m.type = `Stock\n${'X'.repeat(10_000)}`));
    expect(!decoded.ok && decoded.issues[0].message).toMatch(/^unknown type "Stock\\nX{58}…" on warehouse.operations/);
  });
});
