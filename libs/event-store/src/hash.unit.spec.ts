import { canonicalEventPieces, canonicalJson, eventHash, HashableEvent, PIECE_SEPARATOR } from './hash';

const anEvent: HashableEvent = {
  streamId: 'order-7d1c',
  streamVersion: 12,
  eventId: '3f0e5a4c-51f1-4c7e-9b1a-2c7f7c1f9d10',
  type: 'OrderConfirmed',
  schemaVersion: 2,
  data: { z: [1, { b: 'ü"\n', a: null }], a: { y: 1.5, x: -3 }, '': 'empty key', 'constructor': 'plain' },
  metadata: { correlationId: 'c-1', causationId: 'm-1', actor: 'channel:webshop' },
  recordedAt: new Date('2026-11-30T12:34:56.789Z'),
};

describe('the canonical form of an event in the pieces the store joins', () => {
  // The same event, with a type to escape and the separator inside its data.
  const event: HashableEvent = {
    ...anEvent,
    type: 'Order"Confirmed',
    data: { ...(anEvent.data as object), b: 'ü"\n\u001e' },
    metadata: { correlationId: 'c-1', causationId: 'm-1', actor: 'key:0123456789ab (operator "Olga")' },
  };

  it.each([
    ['an event', {}],
    ['null data', { data: null }],
    ['empty metadata', { metadata: {} }],
    ['a version of many digits', { streamVersion: 1234567 }],
  ])('{"data": + data + mid + metadata + rest + version + tail is the canonical JSON the hash covers, for %s', (_what, change) => {
    const e = { ...event, ...change } as HashableEvent;
    const p = canonicalEventPieces(e);
    const joined = `{"data":${p.data}${p.mid}${p.metadata}${p.rest}${e.streamVersion}${p.tail}`;
    const { streamVersion, ...rest } = e;
    expect(joined).toBe(canonicalJson({ ...rest, streamVersion, recordedAt: e.recordedAt.toISOString() }));
    expect(JSON.parse(p.data)).toEqual(e.data);
  });

  it('never holds the separator raw, even when the data does', () => {
    const p = canonicalEventPieces(event);
    for (const piece of Object.values(p)) expect(piece.includes(PIECE_SEPARATOR)).toBe(false);
  });

  it('so a hash computed by the store from the pieces equals eventHash', () => {
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const p = canonicalEventPieces(anEvent);
    const prev = 'a'.repeat(64);
    const fromPieces = createHash('sha256')
      .update(`${prev}\n{"data":${p.data}${p.mid}${p.metadata}${p.rest}${anEvent.streamVersion}${p.tail}`)
      .digest('hex');
    expect(fromPieces).toBe(eventHash(prev, anEvent));
  });
});
