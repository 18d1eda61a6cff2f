import { randomUUID } from 'node:crypto';
import { Topics } from '@orderflow/contracts';
import { checkBatch, MAX_BODY_BYTES, requestHash } from './ingest-batch';

const stockReceived = (overrides: Record<string, unknown> = {}) => ({
  type: 'StockReceived',
  version: 1,
  messageId: randomUUID(),
  occurredAt: '2026-11-25T10:00:00Z',
  warehouseId: 'WH-BER',
  sku: 'MUG-BLUE',
  quantity: 10,
  ...overrides,
});

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('checkBatch', () => {
  it('accepts one message, keyed by the contract and kept byte for byte', () => {
    const message = stockReceived();
    const result = checkBatch(Topics.warehouseOperations, body(message));

    expect(result).toEqual({
      ok: true,
      messages: [{ index: 0, messageId: message.messageId, key: 'WH-BER', value: JSON.stringify(message), speaksFor: { warehouseId: 'WH-BER' } }],
    });
  });

  it('accepts an array, each message with its own key', () => {
    const packed = { ...stockReceived(), type: 'ShipmentPacked', shipmentId: 'OF-000007-1', weightGrams: 500 };
    delete (packed as Record<string, unknown>).warehouseId;
    delete (packed as Record<string, unknown>).sku;
    delete (packed as Record<string, unknown>).quantity;
    const result = checkBatch(Topics.warehouseOperations, body([stockReceived(), packed]));

    expect(result.ok && result.messages.map((m) => m.key)).toEqual(['WH-BER', 'OF-000007-1']);
  });

  it.each([
    ['an empty body', '', /body is empty/],
    ['malformed JSON', '{"type":', /^body is not valid JSON: /],
    ['a number', '42', /must be a message \(JSON object\) or an array of messages, got a number/],
    ['null', 'null', /got null/],
    ['an empty array', '[]', /empty array/],
  ])('refuses %s with 400', (_case, raw, message) => {
    expect(checkBatch(Topics.warehouseOperations, body(raw))).toEqual({ ok: false, status: 400, message: expect.stringMatching(message) });
  });

  it('refuses more than 1,000 messages with 400', () => {
    const batch = Array.from({ length: 1001 }, () => ({ type: 'StockReceived' }));
    expect(checkBatch(Topics.warehouseOperations, body(batch))).toEqual({
      ok: false,
      status: 400,
      message: 'body holds 1001 messages, over the limit of 1000 per request; split it',
    });
  });

  it('refuses a body over 1 MiB with 413, whatever the parser let through', () => {
    expect(checkBatch(Topics.warehouseOperations, Buffer.alloc(MAX_BODY_BYTES + 1, ' '))).toMatchObject({ ok: false, status: 413 });
  });

  it('refuses the whole batch with 422 when one message breaks the contract, naming its fields', () => {
    const good = stockReceived();
    const bad = stockReceived({ quantity: 0, sku: 42 });
    const result = checkBatch(Topics.warehouseOperations, body([good, bad]));

    expect(result).toEqual({
      ok: false,
      status: 422,
      message: '1 of 2 message(s) break the warehouse.operations contract; nothing was published. Fix them and resend the whole batch.',
      results: [
        { index: 0, messageId: good.messageId, status: 'not_published' },
        {
          index: 1,
          messageId: bad.messageId,
          status: 'rejected',
          errors: [
            { field: 'sku', message: expect.stringMatching(/expected string/) },
            { field: 'quantity', message: 'expected ≥ 1' },
          ],
        },
      ],
    });
  });

  it.each([
    ['an unknown type', { type: 'StockTeleported' }, 'type', /unknown type "StockTeleported" on warehouse.operations \(expected one of /],
    ['an unknown version', { version: 2 }, 'version', /unknown version 2 of StockReceived \(supported: 1..1\)/],
    ['a missing field', { warehouseId: undefined }, 'warehouseId', /expected string/],
    ['a message id that is no UUID', { messageId: 'm-1' }, 'messageId', /expected a UUID/],
  ])('names the field for %s', (_case, overrides, field, message) => {
    const result = checkBatch(Topics.warehouseOperations, body(stockReceived(overrides)));
    expect(result.ok === false && 'results' in result && result.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ field, message: expect.stringMatching(message) }],
    });
  });

  it('refuses a message over the 256 KiB contract limit even inside a small enough body', () => {
    const result = checkBatch(Topics.warehouseOperations, body(stockReceived({ note: 'x'.repeat(300_000) })));
    expect(result.ok === false && 'results' in result && result.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ field: '(message)', message: expect.stringMatching(/over the 262144-byte limit/) }],
    });
  });

  it('refuses a messageId repeated within the batch: consumers would drop the second', () => {
    const first = stockReceived();
    const result = checkBatch(Topics.warehouseOperations, body([first, stockReceived({ messageId: first.messageId, quantity: 3 })]));
    expect(result.ok === false && 'results' in result && result.results[1]).toEqual({
      index: 1,
      messageId: first.messageId,
      status: 'rejected',
      errors: [{ field: 'messageId', message: 'repeats the messageId of message 0 in this batch' }],
    });
  });
});

describe('checkBatch with hostile input', () => {
  const rejectedWith = (raw: string | Buffer) => {
    const result = checkBatch(Topics.warehouseOperations, Buffer.isBuffer(raw) ? raw : body(raw));
    return result.ok === false && 'results' in result ? { status: result.status, errors: result.results.map((r) => ('errors' in r ? r.errors : [])) } : result;
  };

  it('refuses a NUL character with 422 naming the field: PostgreSQL could not store it', () => {
    expect(rejectedWith(JSON.stringify(stockReceived({ sku: 'MUG\u0000' })))).toEqual({
      status: 422,
      errors: [[{ field: 'sku', message: expect.stringMatching(/NUL/) }]],
    });
  });

  it('refuses a lone surrogate and a __proto__ property with 422 naming the field', () => {
    const raw = `[${JSON.stringify(stockReceived({ warehouseId: 'WH-\ud800' }))},${JSON.stringify(stockReceived()).replace('{', '{"__proto__":{},')}]`;
    expect(rejectedWith(raw)).toEqual({
      status: 422,
      errors: [
        [{ field: 'warehouseId', message: expect.stringMatching(/surrogate/) }],
        [{ field: '__proto__', message: expect.stringMatching(/not allowed/) }],
      ],
    });
  });

  it('refuses a body nested 100,000 levels deep with 400, without crashing', () => {
    expect(checkBatch(Topics.warehouseOperations, body(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toEqual({
      ok: false,
      status: 400,
      message: expect.stringMatching(/nested deeper than 33 levels/),
    });
  });

  it('refuses a message nested just past the limit with 422 naming where', () => {
    const deep = JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`);
    expect(rejectedWith(JSON.stringify(stockReceived({ extra: deep })))).toEqual({
      status: 422,
      errors: [[{ field: expect.stringMatching(/^extra(\[0\])+$/), message: expect.stringMatching(/nested deeper than 32 levels/) }]],
    });
  });

  it('refuses a body that is not UTF-8 with 400', () => {
    const raw = Buffer.concat([body(stockReceived()).subarray(0, 30), Buffer.from([0xc3, 0x28]), body(stockReceived()).subarray(30)]);
    expect(checkBatch(Topics.warehouseOperations, raw)).toEqual({ ok: false, status: 400, message: 'body is not valid UTF-8 text' });
  });
});

describe('requestHash', () => {
  const check = (topic: string, raw: string) => {
    const result = checkBatch(topic, body(raw));
    if (!result.ok) throw new Error(result.message);
    return requestHash(topic, result.messages);
  };
  const message = stockReceived();

  it('is the same for the same messages, however the JSON was spaced, alone or in an array of one', () => {
    const compact = JSON.stringify(message);
    expect(check(Topics.warehouseOperations, JSON.stringify(message, null, 2))).toBe(check(Topics.warehouseOperations, compact));
    expect(check(Topics.warehouseOperations, `[${compact}]`)).toBe(check(Topics.warehouseOperations, compact));
  });

  it('differs for other messages', () => {
    expect(check(Topics.warehouseOperations, JSON.stringify({ ...message, quantity: 11 }))).not.toBe(
      check(Topics.warehouseOperations, JSON.stringify(message)),
    );
  });
});
