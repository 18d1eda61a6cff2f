import { z } from 'zod';
import { envelope, quantity } from '../envelope';

/*
 * `production.events`, keyed by productionOrderId: what the factory answers to the production
 * orders on `production.requests` (docs/adr/0039). Each answer names the production order; the
 * factory starts it, then completes it with the quantity made, or reports it failed with a reason.
 */

const productionOrderId = z.string().min(1).max(128);

export const ProductionStartedV1 = envelope('ProductionStarted', 1, { productionOrderId });
export const ProductionCompletedV1 = envelope('ProductionCompleted', 1, {
  productionOrderId,
  /** Units made: at least what was ordered (a short run is reported as ProductionFailed, or completed later). */
  quantity,
});
export const ProductionFailedV1 = envelope('ProductionFailed', 1, { productionOrderId, reason: z.string().min(1).max(1000) });

export type ProductionStarted = z.infer<typeof ProductionStartedV1>;
export type ProductionCompleted = z.infer<typeof ProductionCompletedV1>;
export type ProductionFailed = z.infer<typeof ProductionFailedV1>;
export type ProductionEventMessage = ProductionStarted | ProductionCompleted | ProductionFailed;

/** Key on production.requests and production.events: every message about one production order keeps its order. */
export const productionKey = (m: { productionOrderId: string }) => m.productionOrderId;
