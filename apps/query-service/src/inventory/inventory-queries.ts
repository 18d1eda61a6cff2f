import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;

export interface WarehouseStock {
  warehouseId: string;
  warehouseName: string | null;
  country: string | null;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
}

export interface OpenBackorder {
  reservationId: string;
  orderId: string;
  quantity: number;
  placedAt: string;
  queuedAt: string;
}

export interface SkuStock {
  sku: string;
  /** Totals over every warehouse; backordered is what waits for stock anywhere. */
  onHand: number;
  reserved: number;
  available: number;
  backordered: number;
  warehouses: WarehouseStock[];
  /** The backorder queue, oldest order first: the order it will be filled in. */
  backorders: OpenBackorder[];
}

export interface LowStockRow extends WarehouseStock {
  sku: string;
  /** Units of the SKU waiting for stock (at any warehouse). */
  backordered: number;
}

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
  async lowStock(belowAvailable: number | undefined, limit: number): Promise<Projected<{ items: LowStockRow[]; truncated: boolean }>> {
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
