import { randomUUID } from 'node:crypto';
import { assertInboundTopic, checkLine, isValid } from './ndjson';

const stock = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'StockReceived',
    version: 1,
    messageId: randomUUID(),
    occurredAt: '2026-01-01T00:00:00Z',
    warehouseId: 'WH-1',
    sku: 'MUG',
    quantity: 5,
    ...overrides,
  });

describe('NDJSON lines for produce', () => {
  it('keys a valid line by the topic contract and keeps its bytes as they are', () => {
    const text = stock();
    const checked = checkLine('warehouse.operations', text, 7);
    expect(checked && isValid(checked) && checked).toMatchObject({ line: 7, key: 'WH-1', value: text });
  });

  it('names the line and the field of a contract breach', () => {
    expect(checkLine('warehouse.operations', stock({ quantity: 1.5 }), 3)).toEqual({
      line: 3,
      reason: 'field "quantity": expected a whole number',
    });
    expect(checkLine('warehouse.operations', stock({ type: 'StockStolen' }), 4)).toMatchObject({
      reason: expect.stringMatching(/unknown type "StockStolen"/),
    });
    expect(checkLine('warehouse.operations', '{"type":', 5)).toMatchObject({ reason: expect.stringMatching(/not valid JSON/) });
  });

  it('skips blank lines and refuses topics that are not inbound', () => {
    expect(checkLine('warehouse.operations', '   ', 1)).toBeUndefined();
    expect(() => assertInboundTopic('order.events')).toThrow(/--topic must be one of/);
  });
});
