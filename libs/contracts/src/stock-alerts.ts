import { z } from 'zod';
import { envelope } from './envelope';
import { InventoryEventSchemas } from './events/inventory-events';
import { derivedId } from './ids';
import { NotifiableEvent } from './notifications';

/**
 * `inventory.alerts`, keyed `<sku>:<warehouseId>`: a SKU's days of cover at a warehouse fell below
 * the lead time (LowStockAlerted), or rose back to it (LowStockCleared), once per crossing
 * (docs/adr/0036). Each message is made from the inventory service's stored event: messageId is
 * derived from it, so a republished event is the very same alert and consumers deduplicate by it.
 */
const { LowStockAlerted, LowStockCleared } = InventoryEventSchemas;

export const StockAlertSchemas = {
  LowStockAlerted: envelope('LowStockAlerted', 1, LowStockAlerted.shape),
  LowStockCleared: envelope('LowStockCleared', 1, LowStockCleared.shape),
} as const;

export type StockAlertType = keyof typeof StockAlertSchemas;
export type StockAlert = { [T in StockAlertType]: z.infer<(typeof StockAlertSchemas)[T]> }[StockAlertType];

export const stockAlertKey = (alert: { sku: string; warehouseId: string }) => `${alert.sku}:${alert.warehouseId}`;

/** The alert a stored event is, if it is one. */
export function stockAlertFor(event: NotifiableEvent): StockAlert | undefined {
  if (event.type !== 'LowStockAlerted' && event.type !== 'LowStockCleared') return undefined;
  return {
    type: event.type,
    version: 1,
    messageId: derivedId(event.eventId, 'stock-alert'),
    occurredAt: event.recordedAt.toISOString(),
    ...(event.data as object),
  } as StockAlert;
}
