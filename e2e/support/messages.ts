import { randomUUID } from 'node:crypto';

/** Inbound messages as channels, warehouses and carriers send them (valid unless changed). */
const envelope = (type: string) => ({ type, version: 1, messageId: randomUUID(), occurredAt: new Date().toISOString() });

export const warehouseRegistered = (warehouseId: string, country: string, region: string, location?: { lat: number; lon: number }) => ({
  ...envelope('WarehouseRegistered'),
  warehouseId,
  name: `Warehouse ${warehouseId}`,
  country,
  region,
  ...(location ? { location } : {}),
});

export const stockReceived = (warehouseId: string, sku: string, quantity: number) => ({
  ...envelope('StockReceived'),
  warehouseId,
  sku,
  quantity,
});

export const stockAdjusted = (warehouseId: string, sku: string, quantityDelta: number, reason = 'stock count') => ({
  ...envelope('StockAdjusted'),
  warehouseId,
  sku,
  quantityDelta,
  reason,
});

export interface Line {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export const orderSubmitted = (
  externalOrderId: string,
  lines: Line[],
  overrides: Record<string, unknown> = {},
  address: Record<string, unknown> = { line1: 'Friedrichstr. 1', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE' },
) => ({
  ...envelope('OrderSubmitted'),
  channel: 'webshop',
  externalOrderId,
  customer: { id: `C-${externalOrderId}`, name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: address,
  lines,
  currency: 'EUR',
  ...overrides,
});

/** A change to an order (docs/adr/0034): a new address (with the order's customer id) and/or changed lines. */
export const orderChangeRequested = (
  externalOrderId: string,
  changeId: string,
  change: { shippingAddress?: Record<string, unknown>; lines?: { sku: string; quantity: number; unitPriceMinor?: number }[] },
  channel = 'webshop',
) => ({
  ...envelope('OrderChangeRequested'),
  channel,
  externalOrderId,
  changeId,
  ...(change.shippingAddress ? { customerId: `C-${externalOrderId}` } : {}),
  ...change,
});

export const cancellationRequested = (externalOrderId: string, reason = 'changed my mind', channel = 'webshop') => ({
  ...envelope('OrderCancellationRequested'),
  channel,
  externalOrderId,
  reason,
});

export const returnRequested = (
  externalOrderId: string,
  lines: { sku: string; quantity: number; reason: string }[],
  resolution: 'REFUND' | 'EXCHANGE',
  channel = 'webshop',
) => ({ ...envelope('ReturnRequested'), channel, externalOrderId, lines, resolution });

export const complaintSubmitted = (externalOrderId: string, category = 'PACKAGING', channel = 'webshop') => ({
  ...envelope('ComplaintSubmitted'),
  channel,
  externalOrderId,
  category,
  message: 'The box arrived crushed.',
});

export const shipmentPacked = (shipmentId: string, weightGrams = 1200) => ({ ...envelope('ShipmentPacked'), shipmentId, weightGrams });

export const returnParcelReceived = (
  rmaNumber: string,
  warehouseId: string,
  lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[],
) => ({ ...envelope('ReturnParcelReceived'), rmaNumber, warehouseId, lines });

export const trackingUpdated = (carrier: string, trackingNumber: string, status: string, location = 'hub') => ({
  ...envelope('TrackingUpdated'),
  carrier,
  trackingNumber,
  status,
  location,
});

/** A local courier's reports on carrier.tracking (docs/adr/0038), keyed by courierId. */
export const courierAvailable = (carrier: string, courierId: string, location: { lat: number; lon: number }) => ({ ...envelope('CourierAvailable'), carrier, courierId, location });
export const courierAccepted = (carrier: string, courierId: string, shipmentId: string) => ({ ...envelope('CourierAccepted'), carrier, courierId, shipmentId });

/** A channel's report of the payment its own checkout took (payment.events, keyed by paymentId). */
export const checkoutPayment = (
  type: 'PaymentAuthorized' | 'PaymentCaptured',
  externalOrderId: string,
  paymentId: string,
  amountMinor: number,
  channel = 'webshop',
) => ({ ...envelope(type), paymentId, amountMinor, currency: 'EUR', providerReference: `shop-${paymentId}`, channel, externalOrderId });
