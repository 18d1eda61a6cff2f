import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5, SHA-1): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace must be a UUID, got ${namespace}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const ORDER_NAMESPACE = '6f1c2a4e-5b3d-4c7a-9e21-0d8b7f3a9c10';
const DERIVED_NAMESPACE = '2b9e7d41-8c0a-4f6e-b3d5-71a4c8e0f259';

/**
 * The orderId of a channel's order. Every service derives it the same way, so the same order
 * submitted twice (even with different messageIds) is one order, and a return or complaint that
 * names (channel, externalOrderId) finds it without asking anyone.
 */
export function orderIdFor(channel: string, externalOrderId: string): string {
  return uuidV5(`${channel}\u0000${externalOrderId}`, ORDER_NAMESPACE);
}

/** A stable id derived from a cause (a message or event id) and a purpose: retries reproduce it. */
export function derivedId(causeId: string, purpose: string): string {
  return uuidV5(`${causeId}\u0000${purpose}`, DERIVED_NAMESPACE);
}

/** Stream ids, by category: the category is everything before the first '-'. */
export const StreamIds = {
  order: (orderId: string) => `order-${orderId}`,
  warehouse: (warehouseId: string) => `warehouse-${warehouseId}`,
  stock: (sku: string) => `stock-${sku}`,
  reservation: (reservationId: string) => `reservation-${reservationId}`,
  shipment: (shipmentId: string) => `shipment-${shipmentId}`,
  return: (rmaNumber: string) => `return-${rmaNumber}`,
  restock: (rmaNumber: string) => `restock-${rmaNumber}`,
  /** Low-stock alerts of a SKU at a warehouse; both encoded, so "@" parts them unambiguously. */
  stockAlert: (sku: string, warehouseId: string) => `stockalert-${encodeURIComponent(sku)}@${encodeURIComponent(warehouseId)}`,
  complaint: (complaintId: string) => `complaint-${complaintId}`,
  production: (productionOrderId: string) => `production-${productionOrderId}`,
  // Reference data (docs/adr/0032): one stream per entity.
  channel: (channel: string) => `channel-${channel}`,
  leadTime: (country: string) => `leadtime-${country}`,
  product: (sku: string) => `product-${sku}`,
  carrier: (carrier: string) => `carrier-${carrier}`,
} as const;

/** Which service owns (writes and relays) each stream category. */
export const CATEGORY_OWNERS = {
  order: 'order-service',
  warehouse: 'inventory-service',
  stock: 'inventory-service',
  reservation: 'inventory-service',
  restock: 'inventory-service',
  stockalert: 'inventory-service',
  shipment: 'shipping-service',
  return: 'after-sales-service',
  complaint: 'after-sales-service',
  production: 'inventory-service',
  channel: 'order-service',
  leadtime: 'order-service',
  product: 'order-service',
  carrier: 'shipping-service',
} as const;
