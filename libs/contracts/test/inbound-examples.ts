import { randomUUID } from 'node:crypto';

/** One valid message of every inbound type, as its producer would send it, for the contracts' own specs. */
export function inboundExamples(): { topic: string; message: Record<string, unknown> }[] {
  const envelope = (type: string) => ({ type, version: 1, messageId: randomUUID(), occurredAt: '2026-11-25T10:00:00Z' });
  const order = { channel: 'webshop', externalOrderId: 'W-1001' };
  return [
    {
      topic: 'channel.orders',
      message: {
        ...envelope('OrderSubmitted'),
        ...order,
        customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
        shippingAddress: { line1: 'Friedrichstr. 12', city: 'Berlin', postalCode: '10117', country: 'DE' },
        lines: [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 1299 }],
        currency: 'EUR',
        requestedDeliveryDate: '2026-12-01',
      },
    },
    { topic: 'channel.orders', message: { ...envelope('OrderCancellationRequested'), ...order, reason: 'ordered by mistake' } },
    {
      topic: 'channel.orders',
      message: { ...envelope('ReturnRequested'), ...order, lines: [{ sku: 'SKU-MUG', quantity: 1, reason: 'chipped' }], resolution: 'REFUND' },
    },
    { topic: 'channel.orders', message: { ...envelope('ComplaintSubmitted'), ...order, category: 'PACKAGING', message: 'The box was crushed.' } },
    {
      topic: 'warehouse.operations',
      message: { ...envelope('WarehouseRegistered'), warehouseId: 'WH-BER', name: 'Berlin', country: 'DE', region: 'BE' },
    },
    { topic: 'warehouse.operations', message: { ...envelope('StockReceived'), warehouseId: 'WH-BER', sku: 'SKU-MUG', quantity: 120 } },
    {
      topic: 'warehouse.operations',
      message: { ...envelope('StockAdjusted'), warehouseId: 'WH-BER', sku: 'SKU-MUG', quantityDelta: -2, reason: 'broken' },
    },
    { topic: 'warehouse.operations', message: { ...envelope('ShipmentPacked'), shipmentId: 'OF-000001-1', weightGrams: 1450 } },
    {
      topic: 'warehouse.operations',
      message: {
        ...envelope('ReturnParcelReceived'),
        rmaNumber: 'RMA-000001',
        warehouseId: 'WH-BER',
        lines: [{ sku: 'SKU-MUG', quantity: 1, condition: 'DAMAGED' }],
      },
    },
    {
      topic: 'carrier.tracking',
      message: { ...envelope('TrackingUpdated'), carrier: 'ParcelNet', trackingNumber: 'PN0000000001', status: 'PICKED_UP' },
    },
  ];
}

export function inboundExample(type: string): { topic: string; message: Record<string, unknown> } {
  const found = inboundExamples().find((e) => e.message.type === type);
  if (!found) throw new Error(`no example of ${type}`);
  return found;
}
