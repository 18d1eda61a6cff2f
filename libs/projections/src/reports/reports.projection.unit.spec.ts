import { StoredEvent } from '@orderflow/event-store';
import { reportChanges } from './reports.projection';

let position = 0;
const stored = (type: string, data: Record<string, unknown>): StoredEvent => {
  position += 1;
  return {
    globalPosition: position,
    transactionId: String(position),
    streamId: `x-${position}`,
    streamVersion: 1,
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    recordedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, position)),
    prevHash: '',
    hash: '',
  };
};
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { shipmentId: 'OF-1-1', orderId, channel: 'webshop', externalOrderId: 'W-1', purpose: 'ORDER' };
const requested = (distanceKm?: number) =>
  stored('ShipmentRequested', {
    ...ref,
    reservationId: orderId,
    warehouseId: 'WH-BER',
    lines: [{ sku: 'MUG', quantity: 1 }],
    shipTo: { line1: 'x', city: 'Berlin', postalCode: '10115', country: 'DE' },
    promisedBy: '2026-03-05',
    requestedAt: '2026-03-02T09:00:00.000Z',
    ...(distanceKm !== undefined ? { distanceKm } : {}),
  });
const booked = (extra: Record<string, unknown>) =>
  stored('ShipmentBooked', {
    ...ref,
    carrier: 'ParcelNet',
    trackingNumber: 'PN-1',
    serviceLevel: 'STANDARD',
    weightGrams: 900,
    costMinor: 499,
    currency: 'EUR',
    estimatedDeliveryDate: '2026-03-04',
    promisedBy: '2026-03-05',
    rule: 'cheapest',
    bookedAt: '2026-03-02T11:00:00.000Z',
    ...extra,
  });
const product = (sku: string, category?: string) =>
  stored('ProductRegistered', { sku, name: sku, weightGrams: 100, prices: [], ...(category ? { category } : {}), registeredAt: '2026-03-01T00:00:00.000Z' });

describe('the reports projection', () => {
  it("keeps each product's last registration: a category, another one, or none", () => {
    const { products } = reportChanges([product('MUG', 'kitchen'), product('TEA', 'food'), product('TEA', 'tea'), product('VASE')]);
    expect(products.map((p) => [p.sku, p.category])).toEqual([
      ['MUG', 'kitchen'],
      ['TEA', 'tea'],
      ['VASE', null],
    ]);
  });

  it("keeps a shipment's warehouse, both distances, the carrier's factor at booking and its cancellation", () => {
    const { shipments } = reportChanges([requested(12.3), booked({ distanceKm: 12.8, co2GramsPerKm: 15 }), stored('ShipmentCancelled', { ...ref, reason: 'x', cancelledAt: '2026-03-02T12:00:00.000Z' })]);
    expect(shipments).toEqual([
      {
        shipmentId: 'OF-1-1',
        orderId,
        purpose: 'ORDER',
        warehouseId: 'WH-BER',
        carrier: 'ParcelNet',
        requestedDistanceKm: 12.3,
        bookedDistanceKm: 12.8,
        co2GramsPerKm: 15,
        bookedAt: '2026-03-02T11:00:00.000Z',
        cancelledAt: '2026-03-02T12:00:00.000Z',
      },
    ]);
  });

  it('leaves unknown what no event of the batch said (the tables keep what earlier batches did), and skips what breaks its contract', () => {
    const { shipments, products } = reportChanges([booked({}), stored('ShipmentBooked', { shipmentId: 'broken' }), stored('ProductRegistered', { sku: '' })]);
    expect(products).toEqual([]);
    expect(shipments).toEqual([
      expect.objectContaining({ shipmentId: 'OF-1-1', warehouseId: null, requestedDistanceKm: null, bookedDistanceKm: null, co2GramsPerKm: null, carrier: 'ParcelNet' }),
    ]);
  });
});
