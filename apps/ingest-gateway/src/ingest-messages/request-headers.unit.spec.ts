import { isValidTraceparent, readIngestHeaders } from './request-headers';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('readIngestHeaders', () => {
  it('takes the Idempotency-Key, X-Correlation-Id and a valid traceparent as given', () => {
    expect(readIngestHeaders({ 'idempotency-key': 'batch-2026-11-25-1', 'x-correlation-id': 'checkout-77', traceparent: VALID })).toEqual({
      ok: true,
      idempotencyKey: 'batch-2026-11-25-1',
      correlationId: 'checkout-77',
      traceparent: VALID,
    });
  });

  it('leaves absent or empty keys unset and starts a fresh trace', () => {
    const headers = readIngestHeaders({ 'idempotency-key': '  ' });
    expect(headers).toMatchObject({ ok: true, idempotencyKey: undefined, correlationId: undefined });
    expect(headers.ok && isValidTraceparent(headers.traceparent)).toBe(true);
  });

  it('replaces an invalid traceparent with a fresh one', () => {
    const headers = readIngestHeaders({ traceparent: 'not-a-trace' });
    expect(headers.ok && headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it.each([
    ['an Idempotency-Key with spaces', { 'idempotency-key': 'two words' }, /^header Idempotency-Key: /],
    ['an Idempotency-Key over 255 characters', { 'idempotency-key': 'k'.repeat(256) }, /^header Idempotency-Key: /],
    ['a repeated Idempotency-Key', { 'idempotency-key': ['a', 'b'] }, /^header Idempotency-Key: /],
    ['an X-Correlation-Id over 128 characters', { 'x-correlation-id': 'c'.repeat(129) }, /^header X-Correlation-Id: /],
  ])('refuses %s', (_case, headers, message) => {
    expect(readIngestHeaders(headers)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });
});

describe('isValidTraceparent (W3C Trace Context)', () => {
  it.each([
    [VALID, true],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future', true],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', false],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', false],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', false],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', false],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', false],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', false],
  ])('%s is %s', (value, valid) => {
    expect(isValidTraceparent(value)).toBe(valid);
  });
});
