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

  describe('keys: a record must carry the key its contract names, so that one order, warehouse or parcel keeps its order', () => {
    const envelope = (type: string) => ({ type, version: 1, messageId: randomUUID(), occurredAt: '2026-11-25T10:00:00Z' });
    const cancellation = { ...envelope('OrderCancellationRequested'), channel: 'webshop', externalOrderId: 'W-1', reason: 'changed my mind' };
    const receipt = { ...envelope('StockReceived'), warehouseId: 'WH-BER', sku: 'MUG', quantity: 3 };
    const packed = { ...envelope('ShipmentPacked'), shipmentId: 'OF-000001-1', weightGrams: 900 };
    const scan = { ...envelope('TrackingUpdated'), carrier: 'ParcelNet', trackingNumber: 'PN1', status: 'PICKED_UP' };

    it.each([
      ['channel.orders', cancellation, 'webshop:W-1'],
      ['warehouse.operations', receipt, 'WH-BER'],
      ['carrier.tracking', scan, 'PN1'],
    ])('%s: the contract key is accepted', (topic, message, key) => {
      expect(owner(record(topic, message, key))).toMatchObject({ ok: true, type: message.type });
    });

    it.each([
      ['channel.orders', cancellation, 'webshop:W-2', /^key: expected "webshop:W-1" \(<channel>:<externalOrderId>\), got "webshop:W-2"$/],
      ['channel.orders', cancellation, null, /^key: expected "webshop:W-1" .*, got none$/],
      ['channel.orders', cancellation, 'W-1', /got "W-1"$/],
      ['warehouse.operations', receipt, 'WH-HAM', /^key: expected "WH-BER" \(the warehouse id\), got "WH-HAM"$/],
      ['carrier.tracking', scan, 'pn1', /^key: expected "PN1" \(the tracking number\), got "pn1"$/],
      ['carrier.tracking', { ...envelope('CourierPosition'), carrier: 'CityCourier', courierId: 'CR-7', location: { lat: 52.5, lon: 13.4 } }, 'PN1', /^key: expected "CR-7" \(the courierId\), got "PN1"$/],
    ])('%s: a record keyed otherwise is dead-lettered, naming both keys', (topic, message, key, reason) => {
      expect(owner(record(topic, message, key))).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    });

    it('a ShipmentPacked names no warehouse: the sender may key it by its own id or by the shipment id', () => {
      for (const key of ['WH-BER', 'OF-000001-1', null]) expect(owner(record('warehouse.operations', packed, key))).toMatchObject({ ok: true });
    });

    it('a consumer that does not own the topic skips a wrongly keyed record: its owner dead-letters it', () => {
      const reader = contractDecoder({ namespace: '', dlqOwnerOf: new Set(), handles: () => true });
      expect(reader(record('channel.orders', cancellation, 'junk'))).toMatchObject({ ok: false, skip: true });
    });
  });

  describe('headers that are stored with every event a message causes', () => {
    const receipt = () => ({ type: 'StockReceived', version: 1, messageId: randomUUID(), occurredAt: '2026-11-25T10:00:00Z', warehouseId: 'WH-BER', sku: 'MUG', quantity: 3 });

    it.each([
      ['correlation-id', 'abc\u0000def', /^header correlation-id: contains a NUL character/],
      ['traceparent', '00-\u0000', /^header traceparent: contains a NUL character/],
      ['correlation-id', 'c'.repeat(1025), /^header correlation-id: 1025 characters, over the 1024-character limit/],
    ])('refuses a %s header PostgreSQL could not store, or one too long to copy into every event', (name, value, reason) => {
      expect(owner(record('warehouse.operations', receipt(), 'WH-BER', { [name]: value }))).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    });

    it('takes ordinary ones', () => {
      const headers = { 'correlation-id': 'checkout-77', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
      expect(owner(record('warehouse.operations', receipt(), 'WH-BER', headers))).toMatchObject({ ok: true });
    });
  });

  it('dead-letters a message PostgreSQL could not store, naming the field', () => {
    const scan = { type: 'TrackingUpdated', version: 1, messageId: randomUUID(), occurredAt: '2026-11-25T10:00:00Z', carrier: 'ParcelNet', trackingNumber: 'PN1', status: 'PICKED_UP', location: 'Berlin\u0000' };
    expect(owner(record('carrier.tracking', scan, 'PN1'))).toEqual({ ok: false, reason: expect.stringMatching(/^field "location": contains a NUL character/) });
  });
});
