import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ProductionStatus, QUERY_SCHEMA } from '@orderflow/projections';
import { encodeQueueCursor, QueueCursor } from '../infrastructure/http/cursor';
import { Projected, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;
const instant = () => z.iso.datetime({ offset: true });

export const ProductionOrderItem = z.object({
  productionOrderId: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string().nullable(),
  channel: z.string(),
  externalOrderId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  options: z.record(z.string(), z.string()).nullable().describe("The buyer's choices, as the factory was asked to make them"),
  status: ProductionStatus,
  warehouseId: z.string().describe('Where the factory delivers the units'),
  dueDate: z.iso.date().describe('The day the factory is to have made it by'),
  slipped: z.boolean().describe('The due date passed before the factory reported it made'),
  overdue: z.boolean().describe('REQUESTED or STARTED, and its due date (UTC) has passed'),
  requestedAt: instant(),
  startedAt: instant().nullable(),
  completedAt: instant().nullable(),
  failedAt: instant().nullable(),
  failureReason: z.string().nullable(),
  cancelledAt: instant().nullable(),
});
export type ProductionOrderItem = z.infer<typeof ProductionOrderItem>;

export const ProductionOrderPage = z.object({
  items: z.array(ProductionOrderItem).describe('Oldest requested first'),
  limit: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
export type ProductionOrderPage = z.infer<typeof ProductionOrderPage>;

/** The statuses listed when none are asked for: what still waits for the factory. */
export const WAITING_STATUSES: readonly ProductionStatus[] = ['REQUESTED', 'STARTED'];

export interface ProductionOrderFilter {
  statuses: readonly ProductionStatus[];
  /** The one channel the caller may see (a channel key); undefined: every channel. */
  onlyChannel?: string;
  limit: number;
  cursor?: QueueCursor;
}

/**
 * Production orders of made-to-order lines (docs/adr/0039), from the orders projection's
 * order_production rows: one statement, keyset-paginated on (requested_at, production_order_id)
 * over the index on (status, requested_at).
 */
@Injectable()
export class ProductionOrderQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ProductionOrderFilter): Promise<Projected<ProductionOrderPage>> {
    const read = await readProjection<{ at: string; key: string; item: ProductionOrderItem }[]>(
      this.dataSource,
      'orders',
      `SELECT coalesce(json_agg(json_build_object('at', to_json(x.requested_at) #>> '{}', 'key', x.production_order_id, 'item', x.item)
                ORDER BY x.requested_at, x.production_order_id), '[]'::json)
         FROM (SELECT p.requested_at, p.production_order_id,
                      jsonb_build_object('productionOrderId', p.production_order_id, 'orderId', p.order_id, 'orderNumber', o.order_number,
                        'channel', o.channel, 'externalOrderId', o.external_order_id, 'sku', p.sku, 'quantity', p.quantity,
                        'options', (SELECT l->'options' FROM jsonb_array_elements(o.doc->'lines') l WHERE l->>'sku' = p.sku LIMIT 1),
                        'status', p.status, 'warehouseId', p.warehouse_id, 'dueDate', p.due_date, 'slipped', p.slipped,
                        'overdue', p.status IN ('REQUESTED', 'STARTED') AND p.due_date < (now() AT TIME ZONE 'UTC')::date,
                        'requestedAt', p.requested_at, 'startedAt', p.doc->'startedAt', 'completedAt', p.doc->'completedAt',
                        'failedAt', p.doc->'failedAt', 'failureReason', p.doc->'failureReason', 'cancelledAt', p.doc->'cancelledAt') AS item
                 FROM ${Q}.order_production p JOIN ${Q}.orders o ON o.order_id = p.order_id
                WHERE p.status = ANY($1::text[])
                  AND ($2::text IS NULL OR o.channel = $2)
                  AND ($3::timestamptz IS NULL OR (p.requested_at, p.production_order_id) > ($3::timestamptz, $4::text))
                ORDER BY p.requested_at, p.production_order_id
                LIMIT $5) x`,
      [filter.statuses, filter.onlyChannel ?? null, filter.cursor?.at ?? null, filter.cursor?.key ?? null, filter.limit + 1],
    );
    const rows = read.body ?? [];
    const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
    return {
      position: read.position,
      body: {
        items: rows.slice(0, filter.limit).map((r) => r.item),
        limit: filter.limit,
        nextCursor: last ? encodeQueueCursor({ at: last.at, key: last.key }) : null,
      },
    };
  }
}
