import { z } from 'zod';
import { MAX_ORDER_LINES } from '../bounds';
import { country, envelope, geoLocation, quantity, quantityDelta, weightGrams } from '../envelope';

const warehouseId = z.string().min(1).max(64);
const sku = z.string().min(1).max(64);

export const WarehouseRegisteredV1 = envelope('WarehouseRegistered', 1, {
  warehouseId,
  name: z.string().min(1).max(256),
  country,
  region: z.string().min(1).max(128),
  /** Where it is; without it, allocation uses its region's centroid (docs/adr/0037). */
  location: geoLocation.optional(),
});

export const StockReceivedV1 = envelope('StockReceived', 1, { warehouseId, sku, quantity });

export const StockAdjustedV1 = envelope('StockAdjusted', 1, {
  warehouseId,
  sku,
  quantityDelta,
  reason: z.string().min(1).max(1000),
});

export const ShipmentPackedV1 = envelope('ShipmentPacked', 1, {
  shipmentId: z.string().min(1).max(128),
  /** The parcel as weighed; without it, the catalogue's weights of the shipment's lines (docs/adr/0032). */
  weightGrams: weightGrams.optional(),
});

export const ReturnParcelReceivedV1 = envelope('ReturnParcelReceived', 1, {
  rmaNumber: z.string().min(1).max(64),
  warehouseId,
  lines: z
    .array(z.object({ sku, quantity, condition: z.enum(['RESELLABLE', 'DAMAGED']) }))
    .min(1, 'expected at least one line')
    .max(MAX_ORDER_LINES, `expected at most ${MAX_ORDER_LINES} lines`),
});

export type WarehouseRegistered = z.infer<typeof WarehouseRegisteredV1>;
export type StockReceived = z.infer<typeof StockReceivedV1>;
export type StockAdjusted = z.infer<typeof StockAdjustedV1>;
export type ShipmentPacked = z.infer<typeof ShipmentPackedV1>;
export type ReturnParcelReceived = z.infer<typeof ReturnParcelReceivedV1>;
export type WarehouseOperation =
  | WarehouseRegistered
  | StockReceived
  | StockAdjusted
  | ShipmentPacked
  | ReturnParcelReceived;
