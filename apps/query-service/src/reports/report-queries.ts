import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { DurationStats, durationStatsSql, ReportWindow, withHours } from './report-window';

const Q = QUERY_SCHEMA;
/** $1 = from, $2 = to: the half-open window every figure is anchored on. */
const within = (column: string) => `${column} >= $1 AND ${column} < $2`;
const seconds = (to: string, from: string) => `extract(epoch FROM ${to} - ${from})::float8`;

export type SalesGrouping = 'day' | 'channel' | 'sku';

export interface SalesRow {
  key: string;
  currency: string;
  /** Confirmed orders placed in the window (rejected ones are counted apart). */
  orders: number;
  units: number;
  revenueMinor: number;
  rejected: number;
  /** Orders cancelled in the window, and their value. */
  cancellations: number;
  cancelledMinor: number;
}

export interface SalesReport extends ReportWindow {
  groupBy: SalesGrouping;
  groups: SalesRow[];
  /** Per currency: money is never summed across currencies. */
  totals: Omit<SalesRow, 'key'>[];
}

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
                    FROM ${Q}.order_refunds WHERE ${within('issued_at')} GROUP BY currency) x),
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

type RawStats = Omit<DurationStats, 'p50Hours' | 'p90Hours' | 'maxHours'>;
type LeadTimeName = 'placedToConfirmed' | 'confirmedToAllocated' | 'allocatedToShipped' | 'shippedToDelivered' | 'placedToDelivered';

interface RawFulfillment {
  leadTimes: Record<LeadTimeName, RawStats>;
  onTimeDelivery: { delivered: number; onTime: number; rate: number | null };
  delayedShipments: { count: number; byCarrier: { carrier: string; count: number }[] };
  backorderAgeing: {
    orders: number;
    units: number;
    oldestSeconds: number | null;
    buckets: { bucket: string; orders: number; units: number }[];
  };
}

export interface FulfillmentReport extends ReportWindow, Omit<RawFulfillment, 'leadTimes'> {
  leadTimes: Record<LeadTimeName, DurationStats>;
}

interface RawAfterSales {
  returnRateBySku: { sku: string; deliveredUnits: number; returnedUnits: number; returnRate: number | null }[];
  returnsByReason: { reason: string; returnedUnits: number; returns: number }[];
  returns: { authorized: number; rejected: number; received: number };
  refunds: { currency: string; refunds: number; amountMinor: number; returnMinor: number; goodwillMinor: number }[];
  exchanges: { authorized: number; shipped: number };
  complaints: {
    opened: number;
    openedBySource: Record<string, number>;
    resolved: number;
    resolvedWithinDeadline: number;
    timeToResolve: RawStats;
  };
}

export interface AfterSalesReport extends ReportWindow, Omit<RawAfterSales, 'complaints'> {
  complaints: Omit<RawAfterSales['complaints'], 'timeToResolve'> & { timeToResolve: DurationStats };
}
