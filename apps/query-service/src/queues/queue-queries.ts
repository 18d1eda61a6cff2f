import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ProjectionName, QUERY_SCHEMA } from '@orderflow/projections';
import { encodeQueueCursor, QueueCursor } from '../infrastructure/http/cursor';
import { Projected, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;
const instant = () => z.iso.datetime({ offset: true });
const count = (description: string) => z.number().int().describe(description);
const ageSeconds = (since: string) => count(`Seconds since ${since}, now`);
/** SQL: whole seconds from `since` to now. */
const age = (since: string) => `floor(extract(epoch FROM now() - ${since}))::bigint`;

export const BackorderQueueItem = z.object({
  sku: z.string(),
  warehouseId: z
    .string()
    .nullable()
    .describe('Always null: a SKU has one backorder queue, filled by stock arriving at any warehouse (ADR 3)'),
  quantity: count('Units waiting'),
  orders: count('Orders waiting'),
  oldestSince: instant().describe('When the longest-waiting of them was queued'),
  ageSeconds: ageSeconds('oldestSince'),
});

export const LateShipmentItem = z.object({
  shipmentId: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string().nullable(),
  channel: z.string(),
  purpose: z.enum(['ORDER', 'EXCHANGE']),
  warehouseId: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  status: z.string(),
  promisedBy: z.iso.date().nullable().describe('The promised date, else the carrier estimate at booking'),
  newEstimate: z.iso.date().nullable().describe('The latest estimate after a delay'),
  delayed: z.boolean(),
  daysLate: z.number().int().nullable().describe('Whole days (UTC) since promisedBy; 0 while a delayed shipment is not yet past it; null without a date'),
  lateSince: instant().describe('The end of the promised day (UTC) or the first delay detected, whichever came first: the queue is ordered by it'),
  ageSeconds: ageSeconds('lateSince'),
});

export const ComplaintQueueItem = z.object({
  complaintId: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string().nullable(),
  channel: z.string(),
  category: z.string(),
  status: z.string(),
  openedAt: instant(),
  resolveBy: instant(),
  overdue: z.boolean().describe('resolveBy has passed'),
  ageSeconds: ageSeconds('openedAt'),
});

export const ReturnAwaitedItem = z.object({
  rmaNumber: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string().nullable(),
  channel: z.string(),
  resolution: z.enum(['REFUND', 'EXCHANGE']),
  authorizedAt: instant(),
  returnBy: z.iso.date().nullable(),
  ageSeconds: ageSeconds('authorizedAt'),
  refundMinor: count('The value of the authorised lines, refunded when they arrive (0 for an exchange)'),
  currency: z.string().nullable(),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).describe('Oldest first'),
    limit: z.number().int(),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });
export const BackorderQueue = page(BackorderQueueItem);
export type BackorderQueue = z.infer<typeof BackorderQueue>;
export const LateShipmentQueue = page(LateShipmentItem);
export type LateShipmentQueue = z.infer<typeof LateShipmentQueue>;
export const ComplaintQueue = page(ComplaintQueueItem);
export type ComplaintQueue = z.infer<typeof ComplaintQueue>;
export const ReturnsAwaitedQueue = page(ReturnAwaitedItem);
export type ReturnsAwaitedQueue = z.infer<typeof ReturnsAwaitedQueue>;

export interface QueuePage {
  /** The one channel the caller may see (a channel key); undefined: every channel. */
  onlyChannel?: string;
  limit: number;
  cursor?: QueueCursor;
}

/**
 * A queue's items as SQL: `sort_at` (timestamptz) and `sort_key` (text) order it, oldest first, and
 * `item` is the item's JSON. `$1` is the one channel a caller may see (null: all); parameters of
 * its own start at `$5`.
 */
type QueueSource = string;

const today = `(now() AT TIME ZONE 'UTC')::date`;
const promised = `coalesce(s.promised_by, s.estimated_delivery_date)`;

const BACKORDERS: QueueSource = `
  SELECT min(b.queued_at) AS sort_at, b.sku AS sort_key,
         json_build_object('sku', b.sku, 'warehouseId', NULL, 'quantity', sum(b.quantity), 'orders', count(DISTINCT b.order_id),
           'oldestSince', min(b.queued_at), 'ageSeconds', ${age('min(b.queued_at)')}) AS item
    FROM ${Q}.inventory_backorders b
   WHERE $1::text IS NULL OR b.order_id IN (SELECT o.order_id FROM ${Q}.orders o WHERE o.channel = $1)
   GROUP BY b.sku`;

const LATE_SHIPMENTS: QueueSource = `
  SELECT x.late_since AS sort_at, x.shipment_id AS sort_key,
         json_build_object('shipmentId', x.shipment_id, 'orderId', x.order_id, 'orderNumber', x.order_number, 'channel', x.channel,
           'purpose', x.purpose, 'warehouseId', x.warehouse_id, 'carrier', x.carrier, 'trackingNumber', x.tracking_number,
           'status', x.status, 'promisedBy', x.promised, 'newEstimate', x.new_estimate, 'delayed', x.delayed,
           'daysLate', greatest(0, ${today} - x.promised), 'lateSince', x.late_since, 'ageSeconds', ${age('x.late_since')}) AS item
    FROM (SELECT s.*, o.order_number, o.channel, ${promised} AS promised,
                 least(s.delayed_at, (${promised} + 1)::timestamp AT TIME ZONE 'UTC') AS late_since
            FROM ${Q}.order_shipments s JOIN ${Q}.orders o ON o.order_id = s.order_id
           WHERE s.status NOT IN ('DELIVERED', 'CANCELLED')
             AND (${promised} < ${today} OR s.delayed)
             AND ($1::text IS NULL OR o.channel = $1)) x`;

/** `$5`: how many hours ahead a deadline counts as due. */
const COMPLAINTS_DUE: QueueSource = `
  SELECT c.opened_at AS sort_at, c.complaint_id AS sort_key,
         json_build_object('complaintId', c.complaint_id, 'orderId', c.order_id, 'orderNumber', o.order_number, 'channel', o.channel,
           'category', c.category, 'status', c.status, 'openedAt', c.opened_at, 'resolveBy', c.resolve_by,
           'overdue', c.resolve_by < now(), 'ageSeconds', ${age('c.opened_at')}) AS item
    FROM ${Q}.order_complaints c JOIN ${Q}.orders o ON o.order_id = c.order_id
   WHERE c.status <> 'RESOLVED' AND c.resolve_by <= now() + make_interval(hours => $5::int)
     AND ($1::text IS NULL OR o.channel = $1)`;

const RETURNS_AWAITED: QueueSource = `
  SELECT r.authorized_at AS sort_at, r.rma_number AS sort_key,
         json_build_object('rmaNumber', r.rma_number, 'orderId', r.order_id, 'orderNumber', o.order_number, 'channel', o.channel,
           'resolution', r.resolution, 'authorizedAt', r.authorized_at, 'returnBy', r.doc->>'returnBy',
           'ageSeconds', ${age('r.authorized_at')}, 'currency', r.currency,
           'refundMinor', CASE WHEN r.resolution = 'REFUND' THEN
                            (SELECT coalesce(sum(l.quantity * coalesce(l.unit_price_minor, 0)), 0)
                               FROM ${Q}.order_return_lines l WHERE l.rma_number = r.rma_number) ELSE 0 END) AS item
    FROM ${Q}.order_returns r JOIN ${Q}.orders o ON o.order_id = r.order_id
   WHERE r.status = 'AUTHORIZED' AND r.received_at IS NULL AND r.authorized_at IS NOT NULL
     AND ($1::text IS NULL OR o.channel = $1)`;

/**
 * The operators' work queues, each one statement over the read tables (and the checkpoint of the
 * projection it reads): what waits now, oldest first, keyset-paginated on (sort instant, key).
 */
@Injectable()
export class QueueQueries {
  constructor(private readonly dataSource: DataSource) {}

  backorders(page: QueuePage): Promise<Projected<BackorderQueue>> {
    return this.read<BackorderQueue['items'][number]>('inventory', BACKORDERS, page);
  }

  lateShipments(page: QueuePage): Promise<Projected<LateShipmentQueue>> {
    return this.read<LateShipmentQueue['items'][number]>('orders', LATE_SHIPMENTS, page);
  }

  complaintsDue(dueWithinHours: number, page: QueuePage): Promise<Projected<ComplaintQueue>> {
    return this.read<ComplaintQueue['items'][number]>('orders', COMPLAINTS_DUE, page, [dueWithinHours]);
  }

  returnsAwaited(page: QueuePage): Promise<Projected<ReturnsAwaitedQueue>> {
    return this.read<ReturnsAwaitedQueue['items'][number]>('orders', RETURNS_AWAITED, page);
  }

  private async read<Item>(projection: ProjectionName, source: QueueSource, page: QueuePage, params: unknown[] = []): Promise<Projected<{ items: Item[]; limit: number; nextCursor: string | null }>> {
    const read = await readProjection<{ at: string; key: string; item: Item }[]>(
      this.dataSource,
      projection,
      `SELECT coalesce(json_agg(json_build_object('at', to_json(q.sort_at) #>> '{}', 'key', q.sort_key, 'item', q.item)
                ORDER BY q.sort_at, q.sort_key), '[]'::json)
         FROM (SELECT s.* FROM (${source}) s
                WHERE $2::timestamptz IS NULL OR (s.sort_at, s.sort_key) > ($2::timestamptz, $3::text)
                ORDER BY s.sort_at, s.sort_key
                LIMIT $4) q`,
      [page.onlyChannel ?? null, page.cursor?.at ?? null, page.cursor?.key ?? null, page.limit + 1, ...params],
    );
    const rows = read.body ?? [];
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return {
      position: read.position,
      body: {
        items: rows.slice(0, page.limit).map((r) => r.item),
        limit: page.limit,
        nextCursor: last ? encodeQueueCursor({ at: last.at, key: last.key }) : null,
      },
    };
  }
}
