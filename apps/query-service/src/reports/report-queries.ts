import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { DurationStats, durationStatsSql, ReportWindow, withHours } from './report-window';

const Q = QUERY_SCHEMA;
/** $1 = from, $2 = to: the half-open window every figure is anchored on. */
const within = (column: string) => `${column} >= $1 AND ${column} < $2`;
const seconds = (to: string, from: string) => `extract(epoch FROM ${to} - ${from})::float8`;

const count = (description?: string) => (description ? z.number().int().describe(description) : z.number().int());
const rate = z.number().nullable();

export const SalesGrouping = z.enum(['day', 'channel', 'sku']);
export type SalesGrouping = z.infer<typeof SalesGrouping>;

export const SalesRow = z.object({
  key: z.string().describe('The day (UTC), channel or SKU'),
  currency: z.string(),
  // Rejected orders are counted apart.
  orders: count('Confirmed orders placed in the window'),
  units: count(),
  revenueMinor: count('Value of those orders (of that SKU, when grouped by SKU)'),
  rejected: count('Orders placed in the window and rejected'),
  cancellations: count('Orders cancelled in the window'),
  cancelledMinor: count(),
});
export type SalesRow = z.infer<typeof SalesRow>;

export const SalesTotals = SalesRow.omit({ key: true });
export type SalesTotals = z.infer<typeof SalesTotals>;

export const SalesReport = ReportWindow.extend({
  groupBy: SalesGrouping,
  groups: z.array(SalesRow),
  // Money is never summed across currencies.
  totals: z.array(SalesTotals).describe('Per currency'),
});
export type SalesReport = z.infer<typeof SalesReport>;

const LeadTimeName = z.enum(['placedToConfirmed', 'confirmedToAllocated', 'allocatedToShipped', 'shippedToDelivered', 'placedToDelivered']);
type LeadTimeName = z.infer<typeof LeadTimeName>;

export const FulfillmentReport = ReportWindow.extend({
  leadTimes: z
    .object(Object.fromEntries(LeadTimeName.options.map((name) => [name, DurationStats])) as Record<LeadTimeName, typeof DurationStats>)
    .describe(
      'Each over the orders whose ending milestone falls in the window; allocated = fully allocated, shipped = first pick-up, delivered = OrderDelivered. A pick-up before full allocation counts as 0.',
    ),
  onTimeDelivery: z
    .object({ delivered: count(), onTime: count(), rate })
    .describe('Orders delivered in the window; on time = delivered date (UTC) ≤ the estimate given at confirmation.'),
  delayedShipments: z
    .object({ count: count(), byCarrier: z.array(z.object({ carrier: z.string(), count: count() })) })
    .describe('Shipments first found delayed in the window.'),
  backorderAgeing: z
    .object({
      orders: count(),
      units: count(),
      oldestSeconds: z.number().nullable(),
      buckets: z.array(z.object({ bucket: z.string(), orders: count(), units: count() })),
    })
    .describe('Open backorders now (whatever the window), by age since the order was first backordered.'),
});
export type FulfillmentReport = z.infer<typeof FulfillmentReport>;

export const AfterSalesReport = ReportWindow.extend({
  returnRateBySku: z
    .array(z.object({ sku: z.string(), deliveredUnits: count(), returnedUnits: count(), returnRate: rate }))
    .describe('Units received back in the window / units delivered in the window.'),
  returnsByReason: z.array(z.object({ reason: z.string(), returnedUnits: count(), returns: count() })),
  returns: z.object({ authorized: count(), rejected: count(), received: count() }),
  refunds: z
    .array(z.object({ currency: z.string(), refunds: count(), amountMinor: count(), returnMinor: count(), goodwillMinor: count() }))
    .describe("Issued by after-sales in the window (returns and goodwill; a cancelled order's refund is in the finance report), per currency"),
  exchanges: z.object({ authorized: count(), shipped: count() }),
  complaints: z.object({
    opened: count(),
    openedBySource: z.record(z.string(), count()),
    resolved: count(),
    resolvedWithinDeadline: count(),
    timeToResolve: DurationStats,
  }),
});
export type AfterSalesReport = z.infer<typeof AfterSalesReport>;

/**
 * The reports, each one SQL statement over the orders projection. Every figure is anchored on the
 * time of the fact it counts, within [from, to): sales on placement, cancellations on cancellation,
 * a lead time on the milestone that ends it, a return on its receipt, and so on.
 */
@Injectable()
export class ReportQueries {
  constructor(private readonly dataSource: DataSource) {}

  async sales(window: ReportWindow, groupBy: SalesGrouping): Promise<Projected<SalesReport>> {
    const byOrder = groupBy !== 'sku';
    const key =
      groupBy === 'day'
        ? (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
        : () => (groupBy === 'channel' ? 'o.channel' : 'l.sku');
    const from = byOrder ? `${Q}.orders o` : `${Q}.orders o JOIN ${Q}.order_lines l ON l.order_id = o.order_id`;
    const units = byOrder ? 'o.total_units' : 'l.quantity';
    const value = byOrder ? 'o.total_minor' : 'l.quantity * l.unit_price_minor';
    const orders = byOrder ? 'count(*)' : 'count(DISTINCT o.order_id)';
    const confirmed = `FILTER (WHERE o.confirmed_at IS NOT NULL)`;
    const groupsSql = `
      WITH sold AS (
        SELECT ${key('o.placed_at')} AS key, o.currency,
               ${orders} ${confirmed} AS orders,
               coalesce(sum(${units}) ${confirmed}, 0) AS units,
               coalesce(sum(${value}) ${confirmed}, 0) AS revenue,
               ${orders} FILTER (WHERE o.status = 'REJECTED') AS rejected
          FROM ${from} WHERE ${within('o.placed_at')} GROUP BY 1, 2),
      cancelled AS (
        SELECT ${key('o.cancelled_at')} AS key, o.currency, ${orders} AS cancellations, coalesce(sum(${value}), 0) AS cancelled
          FROM ${from} WHERE ${within('o.cancelled_at')} GROUP BY 1, 2),
      merged AS (
        SELECT coalesce(s.key, c.key) AS key, coalesce(s.currency, c.currency) AS currency,
               coalesce(s.orders, 0) AS orders, coalesce(s.units, 0) AS units, coalesce(s.revenue, 0) AS revenue,
               coalesce(s.rejected, 0) AS rejected, coalesce(c.cancellations, 0) AS cancellations,
               coalesce(c.cancelled, 0) AS cancelled
          FROM sold s FULL JOIN cancelled c ON c.key = s.key AND c.currency IS NOT DISTINCT FROM s.currency)
      SELECT coalesce(json_agg(json_build_object('key', key, 'currency', currency, 'orders', orders, 'units', units,
                'revenueMinor', revenue, 'rejected', rejected, 'cancellations', cancellations, 'cancelledMinor', cancelled)
              ORDER BY key, currency), '[]'::json)
        FROM merged`;
    const read = await readProjection<SalesRow[]>(this.dataSource, 'orders', groupsSql, [window.from, window.to]);
    const groups = read.body ?? [];
    const totals = new Map<string, Omit<SalesRow, 'key'>>();
    if (byOrder) {
      for (const g of groups) {
        const t = totals.get(g.currency) ?? { currency: g.currency, orders: 0, units: 0, revenueMinor: 0, rejected: 0, cancellations: 0, cancelledMinor: 0 };
        t.orders += g.orders;
        t.units += g.units;
        t.revenueMinor += g.revenueMinor;
        t.rejected += g.rejected;
        t.cancellations += g.cancellations;
        t.cancelledMinor += g.cancelledMinor;
        totals.set(g.currency, t);
      }
    }
    return {
      position: read.position,
      body: {
        ...window,
        groupBy,
        groups,
        // Per SKU an order counts once per SKU it holds, so order totals come from a per-order grouping.
        totals: byOrder ? [...totals.values()] : (await this.sales(window, 'channel')).body.totals,
      },
    };
  }

  async fulfillment(window: ReportWindow): Promise<Projected<FulfillmentReport>> {
    const orders = `${Q}.orders o`;
    const sql = `
      SELECT json_build_object(
        'leadTimes', json_build_object(
          'placedToConfirmed', ${durationStatsSql(`SELECT ${seconds('o.confirmed_at', 'o.placed_at')} AS seconds FROM ${orders}
                                                     WHERE ${within('o.confirmed_at')}`)},
          'confirmedToAllocated', ${durationStatsSql(`SELECT ${seconds('o.allocated_at', 'o.confirmed_at')} AS seconds FROM ${orders}
                                                     WHERE ${within('o.allocated_at')} AND o.confirmed_at IS NOT NULL`)},
          'allocatedToShipped', ${durationStatsSql(`SELECT greatest(0, ${seconds('o.shipped_at', 'o.allocated_at')}) AS seconds FROM ${orders}
                                                     WHERE ${within('o.shipped_at')} AND o.allocated_at IS NOT NULL`)},
          'shippedToDelivered', ${durationStatsSql(`SELECT ${seconds('o.delivered_at', 'o.shipped_at')} AS seconds FROM ${orders}
                                                     WHERE ${within('o.delivered_at')} AND o.shipped_at IS NOT NULL`)},
          'placedToDelivered', ${durationStatsSql(`SELECT ${seconds('o.delivered_at', 'o.placed_at')} AS seconds FROM ${orders}
                                                     WHERE ${within('o.delivered_at')}`)}),
        'onTimeDelivery', (
          SELECT json_build_object('delivered', count(*),
                   'onTime', count(*) FILTER (WHERE (o.delivered_at AT TIME ZONE 'UTC')::date <= o.estimated_delivery_date),
                   'rate', CASE WHEN count(*) > 0 THEN
                             (count(*) FILTER (WHERE (o.delivered_at AT TIME ZONE 'UTC')::date <= o.estimated_delivery_date))::float8 / count(*)
                           END)
            FROM ${orders} WHERE ${within('o.delivered_at')}),
        'delayedShipments', (
          SELECT json_build_object('count', count(*),
                   'byCarrier', coalesce((SELECT json_agg(json_build_object('carrier', c.carrier, 'count', c.n) ORDER BY c.carrier)
                                            FROM (SELECT coalesce(s2.carrier, '(not booked)') AS carrier, count(*) AS n
                                                    FROM ${Q}.order_shipments s2 WHERE ${within('s2.delayed_at')} GROUP BY 1) c), '[]'::json))
            FROM ${Q}.order_shipments s WHERE ${within('s.delayed_at')}),
        'backorderAgeing', (
          WITH open AS (
            SELECT o.order_id, l.backordered AS units, ${seconds('now()', 'o.backordered_at')} AS age
              FROM ${orders} JOIN ${Q}.order_lines l ON l.order_id = o.order_id
             WHERE l.backordered > 0 AND o.cancelled_at IS NULL AND o.backordered_at IS NOT NULL),
          buckets(ord, label, lo, hi) AS (
            VALUES (1, 'under 1 day', 0, 86400), (2, '1 to 3 days', 86400, 259200), (3, '3 to 7 days', 259200, 604800),
                   (4, '7 days or more', 604800, NULL))
          SELECT json_build_object(
                   'orders', (SELECT count(DISTINCT order_id) FROM open),
                   'units', (SELECT coalesce(sum(units), 0) FROM open),
                   'oldestSeconds', (SELECT max(age) FROM open),
                   'buckets', (SELECT json_agg(json_build_object('bucket', b.label, 'orders', x.orders, 'units', x.units) ORDER BY b.ord)
                                 FROM buckets b
                                 CROSS JOIN LATERAL (SELECT count(DISTINCT open.order_id) AS orders, coalesce(sum(open.units), 0) AS units
                                                       FROM open WHERE open.age >= b.lo AND (b.hi IS NULL OR open.age < b.hi)) x))))`;
    const read = await readProjection<RawFulfillment>(this.dataSource, 'orders', sql, [window.from, window.to]);
    const raw = read.body!;
    return {
      position: read.position,
      body: {
        ...window,
        leadTimes: Object.fromEntries(Object.entries(raw.leadTimes).map(([k, v]) => [k, withHours(v)])) as FulfillmentReport['leadTimes'],
        onTimeDelivery: raw.onTimeDelivery,
        delayedShipments: raw.delayedShipments,
        backorderAgeing: raw.backorderAgeing,
      },
    };
  }

  async afterSales(window: ReportWindow): Promise<Projected<AfterSalesReport>> {
    const sql = `
      SELECT json_build_object(
        'returnRateBySku', (
          WITH delivered AS (
            SELECT l.sku, sum(l.quantity) AS units
              FROM ${Q}.order_shipments s CROSS JOIN LATERAL jsonb_to_recordset(s.lines) AS l(sku text, quantity bigint)
             WHERE s.purpose = 'ORDER' AND ${within('s.delivered_at')} GROUP BY l.sku),
          returned AS (
            SELECT rl.sku, sum(rl.received) AS units
              FROM ${Q}.order_return_lines rl JOIN ${Q}.order_returns r ON r.rma_number = rl.rma_number
             WHERE ${within('r.received_at')} GROUP BY rl.sku)
          SELECT coalesce(json_agg(json_build_object('sku', x.sku, 'deliveredUnits', x.delivered, 'returnedUnits', x.returned,
                   'returnRate', CASE WHEN x.delivered > 0 THEN x.returned::float8 / x.delivered END) ORDER BY x.sku), '[]'::json)
            FROM (SELECT coalesce(d.sku, r.sku) AS sku, coalesce(d.units, 0) AS delivered, coalesce(r.units, 0) AS returned
                    FROM delivered d FULL JOIN returned r ON r.sku = d.sku) x
           WHERE x.returned > 0 OR x.delivered > 0),
        'returnsByReason', (
          SELECT coalesce(json_agg(json_build_object('reason', x.reason, 'returnedUnits', x.units, 'returns', x.returns) ORDER BY x.units DESC, x.reason), '[]'::json)
            FROM (SELECT rl.reason, sum(rl.received) AS units, count(DISTINCT rl.rma_number) AS returns
                    FROM ${Q}.order_return_lines rl JOIN ${Q}.order_returns r ON r.rma_number = rl.rma_number
                   WHERE ${within('r.received_at')} AND rl.received > 0 GROUP BY rl.reason) x),
        'returns', (
          SELECT json_build_object(
                   'authorized', (SELECT count(*) FROM ${Q}.order_returns WHERE ${within('authorized_at')}),
                   'rejected', (SELECT count(*) FROM ${Q}.order_returns WHERE ${within('rejected_at')}),
                   'received', (SELECT count(*) FROM ${Q}.order_returns WHERE ${within('received_at')}))),
        'refunds', (
          SELECT coalesce(json_agg(json_build_object('currency', x.currency, 'refunds', x.n, 'amountMinor', x.amount,
                   'returnMinor', x.returned, 'goodwillMinor', x.goodwill) ORDER BY x.currency), '[]'::json)
            FROM (SELECT currency, count(*) AS n, sum(amount_minor) AS amount,
                         coalesce(sum(amount_minor) FILTER (WHERE reason = 'RETURN'), 0) AS returned,
                         coalesce(sum(amount_minor) FILTER (WHERE reason = 'GOODWILL'), 0) AS goodwill
                    FROM ${Q}.order_refunds WHERE ${within('issued_at')} AND reason IN ('RETURN', 'GOODWILL') GROUP BY currency) x),
        'exchanges', (
          SELECT json_build_object(
                   'authorized', (SELECT count(*) FROM ${Q}.order_returns WHERE resolution = 'EXCHANGE' AND ${within('authorized_at')}),
                   'shipped', (SELECT count(*) FROM ${Q}.order_returns WHERE ${within('exchange_shipped_at')}))),
        'complaints', (
          SELECT json_build_object(
                   'opened', (SELECT count(*) FROM ${Q}.order_complaints WHERE ${within('opened_at')}),
                   'openedBySource', (SELECT coalesce(json_object_agg(x.source, x.n), '{}'::json)
                                        FROM (SELECT source, count(*) AS n FROM ${Q}.order_complaints
                                               WHERE ${within('opened_at')} GROUP BY source) x),
                   'resolved', (SELECT count(*) FROM ${Q}.order_complaints WHERE ${within('resolved_at')}),
                   'resolvedWithinDeadline', (SELECT count(*) FROM ${Q}.order_complaints
                                               WHERE ${within('resolved_at')} AND resolve_by IS NOT NULL AND resolved_at <= resolve_by),
                   'timeToResolve', ${durationStatsSql(`SELECT ${seconds('resolved_at', 'opened_at')} AS seconds
                                                          FROM ${Q}.order_complaints WHERE ${within('resolved_at')}`)})))`;
    const read = await readProjection<RawAfterSales>(this.dataSource, 'orders', sql, [window.from, window.to]);
    const raw = read.body!;
    return {
      position: read.position,
      body: { ...window, ...raw, complaints: { ...raw.complaints, timeToResolve: withHours(raw.complaints.timeToResolve) } },
    };
  }
}

/** What SQL answers: the window is the request's, and the hours are added here. */
type RawStats = Omit<DurationStats, 'p50Hours' | 'p90Hours' | 'maxHours'>;
type RawFulfillment = Omit<FulfillmentReport, keyof ReportWindow | 'leadTimes'> & { leadTimes: Record<LeadTimeName, RawStats> };
type RawAfterSales = Omit<AfterSalesReport, keyof ReportWindow | 'complaints'> & {
  complaints: Omit<AfterSalesReport['complaints'], 'timeToResolve'> & { timeToResolve: RawStats };
};
