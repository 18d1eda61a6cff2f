import { canonicalJson, HashableEvent, PIECE_SEPARATOR } from './hash';

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

describe('the canonical data and metadata the store joins into one text', () => {
  it('never hold the separator raw, even when the data does', () => {
    const text = canonicalJson({ ...(anEvent.data as object), b: 'ü"\n\u001e' });
    expect(text.includes(PIECE_SEPARATOR)).toBe(false);
    expect(JSON.parse(text).b).toBe('ü"\n\u001e');
  });
});
