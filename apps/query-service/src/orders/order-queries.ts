import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ORDER_STATUSES, OrderStatus } from '@orderflow/contracts';
import { foldOrder, OrderDocument, QUERY_SCHEMA, readOrderEvents, TimelineEntry, timelineEntry } from '@orderflow/projections';
import { encodeCursor, OrderCursor } from '../infrastructure/http/cursor';
import { JsonText, PreparedProjectionRead, Projected, projectionPosition, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;

/** GET /orders/{id}, the API's hottest read: the stored document's text is the body. */
const ORDER_BY_ID = new PreparedProjectionRead(
  'orders.by-id',
  'orders',
  `SELECT doc::text FROM ${Q}.orders WHERE order_id = $1::uuid AND placed_at IS NOT NULL AND ($2::text IS NULL OR channel = $2)`,
);

/** The list's statements, one per combination of filters (at most 2^9), each prepared once. */
const LIST_STATEMENTS = new Map<string, PreparedProjectionRead>();

export interface OrderFilters {
  channel?: string;
  orderNumber?: string;
  externalOrderId?: string;
  /** The one channel the caller may see (a channel key), whatever else it asks for. */
  onlyChannel?: string;
  status?: OrderStatus[];
  customerId?: string;
  sku?: string;
  placedFrom?: Date;
  placedTo?: Date;
  limit: number;
  cursor?: OrderCursor;
}

const instant = () => z.iso.datetime({ offset: true });

export const OrderSummary = z.object({
  orderId: z.uuid(),
  orderNumber: z.string(),
  channel: z.string(),
  externalOrderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  customerId: z.string(),
  customerName: z.string().describe('Personal data, opened from its sealed form'),
  currency: z.string(),
  totalMinor: z.number().int(),
  totalUnits: z.number().int(),
  placedAt: instant(),
  confirmedAt: instant().nullable(),
  deliveredAt: instant().nullable(),
  cancelledAt: instant().nullable(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderPage = z.object({
  orders: z.array(OrderSummary),
  limit: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
export type OrderPage = z.infer<typeof OrderPage>;

export const Timeline = z.object({ orderId: z.string(), events: z.array(TimelineEntry) });
export type Timeline = z.infer<typeof Timeline>;

/** Reads of the orders projection: plain SQL, one statement each, with the position it reflects. */
@Injectable()
export class OrderQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A placed order's document, as the JSON text stored; null when there is none (in `onlyChannel`). */
  async byId(orderId: string, onlyChannel?: string): Promise<Projected<JsonText<OrderDocument> | null>> {
    const { position, body: [doc] } = await ORDER_BY_ID.run(this.dataSource, [orderId, onlyChannel ?? null]);
    return { position, body: doc === null ? null : new JsonText(doc) };
  }

  async byChannelId(channel: string, externalOrderId: string): Promise<Projected<OrderDocument | null>> {
    return readProjection<OrderDocument>(
      this.dataSource,
      'orders',
      `SELECT doc FROM ${Q}.orders WHERE channel = $1 AND external_order_id = $2 AND placed_at IS NOT NULL LIMIT 1`,
      [channel, externalOrderId],
    );
  }

  /** The order as it was at `asOf`: the projection's reducer over the events recorded by then. */
  async asOf(orderId: string, asOf: Date): Promise<Projected<OrderDocument | null>> {
    const position = await projectionPosition(this.dataSource, 'orders');
    const doc = foldOrder(undefined, await readOrderEvents(this.dataSource, orderId, { asOf }));
    return { position, body: doc?.placedAt ? doc : null };
  }

  /** Every event that touched the order, in global order; null when the order is unknown. */
  async timeline(orderId: string): Promise<Projected<TimelineEntry[] | null>> {
    const position = await projectionPosition(this.dataSource, 'orders');
    const events = await readOrderEvents(this.dataSource, orderId);
    // Shown by position: a later position never precedes its cause. (The document itself folds in
    // the projections' (transaction id, position) order; the two differ only for concurrent events.)
    return { position, body: events.length ? events.map(timelineEntry).sort((a, b) => a.position - b.position) : null };
  }

  /**
   * Newest first, keyset-paginated on (placed_at DESC, order_id DESC). PostgreSQL writes the page's
   * JSON; each document is taken apart once per row (jsonb_to_record), not once per field.
   */
  async list(filters: OrderFilters): Promise<Projected<JsonText<OrderPage>>> {
    const params: unknown[] = [];
    const where = ['o.placed_at IS NOT NULL'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.channel) where.push(`o.channel = ${param(filters.channel)}`);
    if (filters.onlyChannel !== undefined) where.push(`o.channel = ${param(filters.onlyChannel)}`);
    if (filters.orderNumber) where.push(`o.order_number = ${param(filters.orderNumber)}`);
    if (filters.externalOrderId) where.push(`o.external_order_id = ${param(filters.externalOrderId)}`);
    if (filters.status?.length) where.push(`o.status = ANY(${param(filters.status)}::text[])`);
    if (filters.customerId) where.push(`o.customer_id = ${param(filters.customerId)}`);
    if (filters.sku) {
      where.push(`EXISTS (SELECT 1 FROM ${Q}.order_lines l WHERE l.order_id = o.order_id AND l.sku = ${param(filters.sku)})`);
    }
    if (filters.placedFrom) where.push(`o.placed_at >= ${param(filters.placedFrom)}`);
    if (filters.placedTo) where.push(`o.placed_at < ${param(filters.placedTo)}`);
    if (filters.cursor) {
      where.push(`(o.placed_at, o.order_id) < (${param(filters.cursor.placedAt)}::timestamptz, ${param(filters.cursor.orderId)}::uuid)`);
    }
    const limit = `${param(filters.limit)}::int`;
    const filter = where.join(' AND ');
    let statement = LIST_STATEMENTS.get(filter);
    if (!statement) {
      statement = new PreparedProjectionRead(
        `orders.list.${LIST_STATEMENTS.size + 1}`,
        'orders',
        `SELECT coalesce(json_agg(json_build_object(
                  'orderId', p.order_id, 'orderNumber', p.order_number, 'channel', p.channel,
                  'externalOrderId', p.external_order_id, 'status', p.status, 'customerId', p.customer_id,
                  'customerName', d.customer->>'name', 'currency', p.currency, 'totalMinor', p.total_minor,
                  'totalUnits', p.total_units, 'placedAt', d."placedAt", 'confirmedAt', d."confirmedAt",
                  'deliveredAt', d."deliveredAt", 'cancelledAt', d."cancelledAt")
                ORDER BY p.rn) FILTER (WHERE p.rn <= ${limit}), '[]')::text AS orders,
                -- Where the page ended, when there is another one.
                CASE WHEN count(*) > ${limit} THEN max(to_json(p.placed_at) #>> '{}') FILTER (WHERE p.rn = ${limit}) END AS cursor_placed_at,
                CASE WHEN count(*) > ${limit} THEN max(p.order_id::text) FILTER (WHERE p.rn = ${limit}) END AS cursor_order_id
           FROM (SELECT x.*, row_number() OVER (ORDER BY x.placed_at DESC, x.order_id DESC) AS rn
                   FROM (SELECT o.* FROM ${Q}.orders o WHERE ${filter}
                          ORDER BY o.placed_at DESC, o.order_id DESC LIMIT ${limit} + 1) x) p,
                jsonb_to_record(p.doc) AS d(customer jsonb, "placedAt" text, "confirmedAt" text, "deliveredAt" text, "cancelledAt" text)`,
      );
      LIST_STATEMENTS.set(filter, statement);
    }
    const { position, body: [orders, cursorPlacedAt, cursorOrderId] } = await statement.run(this.dataSource, params);
    const nextCursor = cursorPlacedAt && cursorOrderId ? encodeCursor({ placedAt: cursorPlacedAt, orderId: cursorOrderId }) : null;
    const page = `{"orders":${orders},"limit":${filters.limit},"nextCursor":${JSON.stringify(nextCursor)}}`;
    return { position, body: new JsonText(page) };
  }

  async shipment(shipmentId: string): Promise<Projected<Record<string, unknown> | null>> {
    return readProjection(
      this.dataSource,
      'orders',
      `SELECT jsonb_build_object('orderId', o.order_id, 'orderNumber', o.order_number, 'channel', o.channel,
                'externalOrderId', o.external_order_id) || s.doc
         FROM ${Q}.order_shipments s JOIN ${Q}.orders o ON o.order_id = s.order_id
        WHERE s.shipment_id = $1`,
      [shipmentId],
    );
  }

  async return(rmaNumber: string): Promise<Projected<Record<string, unknown> | null>> {
    return readProjection(
      this.dataSource,
      'orders',
      `SELECT jsonb_build_object('orderId', o.order_id, 'orderNumber', o.order_number, 'channel', o.channel,
                'externalOrderId', o.external_order_id) || r.doc
         FROM ${Q}.order_returns r JOIN ${Q}.orders o ON o.order_id = r.order_id
        WHERE r.rma_number = $1`,
      [rmaNumber],
    );
  }
}
