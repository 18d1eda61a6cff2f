import { inboundExample } from '../test/inbound-examples';
import { parseMessage } from './catalog';

/** Parses an example of `type` with some fields replaced; the issues name the fields refused. */
function refusedFields(type: string, change: (m: Record<string, unknown>) => void): string[] {
  const { topic, message } = inboundExample(type);
  change(message);
  const parsed = parseMessage(topic, message);
  return parsed.ok ? [] : parsed.issues.map((i) => i.field);
}

const line = (m: Record<string, unknown>) => (m.lines as Record<string, unknown>[])[0];

describe('every integer at the edge has a documented bound', () => {
  it.each([
    ['an order line quantity', 'OrderSubmitted', (m: Record<string, unknown>, n: number) => (line(m).quantity = n), 'lines[0].quantity', 1_000_000],
    ['a unit price', 'OrderSubmitted', (m: Record<string, unknown>, n: number) => (m.lines = [{ sku: 'A', quantity: 1, unitPriceMinor: n }]), 'lines[0].unitPriceMinor', 1_000_000_000_000],
    ['a returned quantity', 'ReturnRequested', (m: Record<string, unknown>, n: number) => (line(m).quantity = n), 'lines[0].quantity', 1_000_000],
    ['a received quantity', 'StockReceived', (m: Record<string, unknown>, n: number) => (m.quantity = n), 'quantity', 1_000_000],
    ['a stock adjustment', 'StockAdjusted', (m: Record<string, unknown>, n: number) => (m.quantityDelta = n), 'quantityDelta', 1_000_000],
    ['a stock adjustment downwards', 'StockAdjusted', (m: Record<string, unknown>, n: number) => (m.quantityDelta = -n), 'quantityDelta', 1_000_000],
    ['a parcel weight', 'ShipmentPacked', (m: Record<string, unknown>, n: number) => (m.weightGrams = n), 'weightGrams', 100_000_000],
    ['a returned parcel line', 'ReturnParcelReceived', (m: Record<string, unknown>, n: number) => (line(m).quantity = n), 'lines[0].quantity', 1_000_000],
  ])('%s: accepted at the bound, refused past it', (_case, type, set, field, bound) => {
    expect(refusedFields(type, (m) => set(m, bound))).toEqual([]);
    expect(refusedFields(type, (m) => set(m, bound + 1))).toEqual([field]);
    // Amounts are stored as bigint; everything else must also fit a PostgreSQL integer.
    if (bound < 2 ** 31) expect(refusedFields(type, (m) => set(m, 2 ** 31))).toEqual([field]);
    expect(refusedFields(type, (m) => set(m, Number.MAX_SAFE_INTEGER))).toEqual([field]);
  });

  it('refuses an order whose total is past the amount bound, though each line is within its own', () => {
    const lines = [
      { sku: 'A', quantity: 1_000_000, unitPriceMinor: 600_000 },
      { sku: 'B', quantity: 1_000_000, unitPriceMinor: 600_000 },
    ];
    expect(refusedFields('OrderSubmitted', (m) => (m.lines = lines.slice(0, 1)))).toEqual([]);
    expect(refusedFields('OrderSubmitted', (m) => (m.lines = lines))).toEqual(['lines']);
  });

  it.each([
    ['the year 0000, which PostgreSQL cannot store', '0000-01-01T00:00:00Z'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['a UTC offset PostgreSQL refuses', '2026-01-01T00:00:00+23:59'],
    ['an instant past 9999 once in UTC', '9999-12-31T23:00:00-05:00'],
  ])('refuses an occurredAt %s', (_case, occurredAt) => {
    expect(refusedFields('TrackingUpdated', (m) => (m.occurredAt = occurredAt))).toEqual(['occurredAt']);
  });

  it('accepts occurredAt offsets within ±14:00 and refuses a requested delivery date PostgreSQL cannot store', () => {
    expect(refusedFields('TrackingUpdated', (m) => (m.occurredAt = '2026-01-01T00:00:00+14:00'))).toEqual([]);
    expect(refusedFields('TrackingUpdated', (m) => (m.occurredAt = '2026-01-01T00:00:00-12:00'))).toEqual([]);
    expect(refusedFields('OrderSubmitted', (m) => (m.requestedDeliveryDate = '0000-02-01'))).toEqual(['requestedDeliveryDate']);
    expect(refusedFields('OrderSubmitted', (m) => (m.requestedDeliveryDate = '9999-12-31'))).toEqual([]);
  });
});
