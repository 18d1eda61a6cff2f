import { z } from 'zod';
import { envelope, quantity } from './envelope';
import { isoDate } from './events/common';
import { derivedId } from './ids';
import { NotifiableEvent } from './notifications';

/**
 * `production.requests`, keyed by productionOrderId: what orderflow asks of the factory
 * (docs/adr/0039). Each request is made from a stored inventory event, so a republished event
 * gives the very same request: its messageId is derived from the event's id, and a factory that
 * remembers message ids makes nothing twice.
 */
const about = {
  productionOrderId: z.string().min(1),
  orderId: z.uuid(),
  channel: z.string().min(1),
  externalOrderId: z.string().min(1),
  sku: z.string().min(1),
};

export const ProductionRequestSchemas = {
  /** Make `quantity` units of `sku` with these options by `dueDate`, and deliver them to `warehouseId`. */
  ProductionRequested: envelope('ProductionRequested', 1, {
    ...about,
    quantity,
    options: z.record(z.string(), z.string()),
    dueDate: isoDate,
    warehouseId: z.string().min(1).describe('Where the units are to be delivered: the warehouse the order ships from'),
  }),
  /** The order was cancelled: do not make it (or stop, if started; what is made anyway is kept as stock). */
  ProductionCancelled: envelope('ProductionCancelled', 1, { ...about, reason: z.string() }),
} as const;

export type ProductionRequestType = keyof typeof ProductionRequestSchemas;
export type ProductionRequest = { [T in ProductionRequestType]: z.infer<(typeof ProductionRequestSchemas)[T]> }[ProductionRequestType];

type Data = Record<string, unknown> & { productionOrderId: string; orderId: string; channel: string; externalOrderId: string; sku: string };

/** Which stored inventory events ask the factory for something, and what they ask. */
const FROM_EVENT: Record<string, (d: Data) => Record<string, unknown> & { type: ProductionRequestType }> = {
  ProductionOrdered: (d) => ({ type: 'ProductionRequested', quantity: d.quantity, options: d.options, dueDate: d.dueDate, warehouseId: d.warehouseId }),
  ProductionOrderCancelled: (d) => ({ type: 'ProductionCancelled', reason: d.reason }),
};

/** The request to the factory a stored event gives rise to, if any. */
export function productionRequestFor(event: NotifiableEvent): ProductionRequest | undefined {
  const make = FROM_EVENT[event.type];
  if (!make) return undefined;
  const d = event.data as Data;
  return {
    version: 1,
    messageId: derivedId(event.eventId, 'production-request'),
    occurredAt: event.recordedAt.toISOString(),
    productionOrderId: d.productionOrderId,
    orderId: d.orderId,
    channel: d.channel,
    externalOrderId: d.externalOrderId,
    sku: d.sku,
    ...make(d),
  } as ProductionRequest;
}
