import { decodeCursor, encodeCursor } from './cursor';

describe('order list cursor', () => {
  const cursor = { placedAt: '2026-03-02T09:30:00.123456+00:00', orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70' };

  it('round-trips exactly, microseconds included, as an opaque URL-safe token', () => {
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(cursor.orderId);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['base64url of something that is not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON without the fields', Buffer.from(JSON.stringify({ x: 1 })).toString('base64url')],
    ['an order id that is not a UUID', Buffer.from(JSON.stringify({ p: cursor.placedAt, o: 'OF-1' })).toString('base64url')],
    ['a time that is not a time', Buffer.from(JSON.stringify({ p: 'soon', o: cursor.orderId })).toString('base64url')],
  ])('refuses %s, naming the cursor parameter and what arrived', (_case, token) => {
    expect(decodeCursor(token)).toEqual({
      parameter: 'cursor',
      in: 'query',
      expected: 'expected the nextCursor of a previous page, unchanged',
      received: token,
    });
  });
});
