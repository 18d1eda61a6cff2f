import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;

const units = (description?: string) => (description ? z.number().int().describe(description) : z.number().int());
const instant = () => z.iso.datetime({ offset: true });

export const WarehouseStock = z.object({
  warehouseId: z.string(),
  warehouseName: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  onHand: units(),
  reserved: units(),
  available: units('onHand − reserved'),
});
export type WarehouseStock = z.infer<typeof WarehouseStock>;

export const OpenBackorder = z.object({ reservationId: z.string(), orderId: z.string(), quantity: units(), placedAt: instant(), queuedAt: instant() });
export type OpenBackorder = z.infer<typeof OpenBackorder>;

export const SkuStock = z.object({
  sku: z.string(),
  onHand: units('All warehouses'),
  reserved: units(),
  available: units(),
  backordered: units('Units waiting for stock of this SKU'),
  warehouses: z.array(WarehouseStock),
  // The order the queue will be filled in.
  backorders: z.array(OpenBackorder).describe('Oldest order first'),
});
export type SkuStock = z.infer<typeof SkuStock>;

export const LowStockRow = WarehouseStock.extend({ sku: z.string(), backordered: units('Units of the SKU waiting for stock (at any warehouse)') });
export type LowStockRow = z.infer<typeof LowStockRow>;

export const StockList = z.object({
  belowAvailable: units().nullable(),
  items: z.array(LowStockRow),
  truncated: z.boolean().describe('More rows matched than `limit`'),
});
export type StockList = z.infer<typeof StockList>;

const warehouseJson = (s: string, w: string) =>
  `'warehouseId', ${s}.warehouse_id, 'warehouseName', ${w}.name, 'country', ${w}.country, 'region', ${w}.region,
   'onHand', ${s}.on_hand, 'reserved', ${s}.reserved, 'available', ${s}.on_hand - ${s}.reserved`;

/** Reads of the inventory projection. */
@Injectable()
export class InventoryQueries {
  constructor(private readonly dataSource: DataSource) {}

  async bySku(sku: string): Promise<Projected<SkuStock | null>> {
    const read = await readProjection<{ warehouses: WarehouseStock[]; backorders: OpenBackorder[] }>(
      this.dataSource,
      'inventory',
      `SELECT json_build_object(
         'warehouses', (SELECT coalesce(json_agg(json_build_object(${warehouseJson('s', 'w')}) ORDER BY s.warehouse_id), '[]'::json)
                          FROM ${Q}.inventory_stock s LEFT JOIN ${Q}.inventory_warehouses w USING (warehouse_id)
                         WHERE s.sku = $1),
         'backorders', (SELECT coalesce(json_agg(json_build_object(
                                  'reservationId', b.reservation_id, 'orderId', b.order_id, 'quantity', b.quantity,
                                  'placedAt', to_json(b.placed_at) #>> '{}', 'queuedAt', to_json(b.queued_at) #>> '{}')
                                ORDER BY b.placed_at, b.reservation_id), '[]'::json)
                          FROM ${Q}.inventory_backorders b WHERE b.sku = $1))`,
      [sku],
    );
    const found = read.body;
    if (!found || (found.warehouses.length === 0 && found.backorders.length === 0)) return { position: read.position, body: null };
    const sum = (pick: (w: WarehouseStock) => number) => found.warehouses.reduce((n, w) => n + pick(w), 0);
    return {
      position: read.position,
      body: {
        sku,
        onHand: sum((w) => w.onHand),
        reserved: sum((w) => w.reserved),
        available: sum((w) => w.available),
        backordered: found.backorders.reduce((n, b) => n + b.quantity, 0),
        warehouses: found.warehouses,
        backorders: found.backorders,
      },
    };
  }

  /** Stock rows (SKU x warehouse) with fewer than `belowAvailable` available, scarcest first. */
  async lowStock(belowAvailable: number | undefined, limit: number): Promise<Projected<Omit<StockList, 'belowAvailable'>>> {
    const read = await readProjection<LowStockRow[]>(
      this.dataSource,
      'inventory',
      `SELECT coalesce(json_agg(json_build_object('sku', x.sku, ${warehouseJson('x', 'x')}, 'backordered', x.backordered)
                ORDER BY x.on_hand - x.reserved, x.sku, x.warehouse_id), '[]'::json)
         FROM (SELECT s.*, w.name, w.country, w.region,
                      coalesce((SELECT sum(b.quantity) FROM ${Q}.inventory_backorders b WHERE b.sku = s.sku), 0) AS backordered
                 FROM ${Q}.inventory_stock s LEFT JOIN ${Q}.inventory_warehouses w USING (warehouse_id)
                WHERE $1::bigint IS NULL OR s.on_hand - s.reserved < $1::bigint
                ORDER BY s.on_hand - s.reserved, s.sku, s.warehouse_id
                LIMIT $2) x`,
      [belowAvailable ?? null, limit + 1],
    );
    const rows = read.body ?? [];
    return { position: read.position, body: { items: rows.slice(0, limit), truncated: rows.length > limit } };
  }
}
