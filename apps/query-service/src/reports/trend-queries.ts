import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { ReportWindow } from './report-window';

const Q = QUERY_SCHEMA;
const count = (description: string) => z.number().int().describe(description);

export const TrendRanking = z.enum(['change', 'relative']);
export type TrendRanking = z.infer<typeof TrendRanking>;

/** SKUs without a category, or never registered, count under this one. */
export const UNCATEGORISED = 'uncategorised';

export const TrendRow = z.object({
  sku: z.string(),
  category: z.string().describe(`The product's category, "${UNCATEGORISED}" when it has none`),
  units: count('Units of confirmed orders placed in the window (as GET /reports/sales?groupBy=sku counts them)'),
  previousUnits: count('The same, in the window of equal length just before'),
  change: count('units − previousUnits'),
  relativeChange: z.number().nullable().describe('change / previousUnits, to 4 decimals; null when previousUnits is 0 (new in this window)'),
  rankByChange: count('1 = the largest absolute change in this direction'),
  rankByRelativeChange: count('1 = the largest relative change in this direction; rising, SKUs new in this window come first'),
});
export type TrendRow = z.infer<typeof TrendRow>;

export const TrendsReport = ReportWindow.extend({
  previousFrom: z.date().describe('Start of the window compared with: as long as [from, to), ending at from'),
  days: z.number().describe('Length of each window, in days'),
  rankBy: TrendRanking,
  totals: z.object({
    units: count('Units of every SKU in the window'),
    previousUnits: count('... in the window before'),
    rising: count('SKUs that sold more than in the window before'),
    falling: count('SKUs that sold less'),
    unchanged: count('SKUs sold in either window, as many units in both'),
  }),
  rising: z.array(TrendRow).describe('The SKUs rising fastest, by rankBy; at most `limit`'),
  falling: z.array(TrendRow).describe('The SKUs falling fastest, by rankBy; at most `limit`'),
});
export type TrendsReport = z.infer<typeof TrendsReport>;

const DAY_MS = 86_400_000;

/**
 * SKU trends: each SKU's units in the window against the window of equal length before it, in one
 * statement over the orders projection (categories from the reports projection's products). Units
 * are the sales report's, so every figure here can be checked against two calls of that report.
 * Both rankings are computed over every SKU of a direction; `rankBy` orders and cuts the lists.
 */
@Injectable()
export class TrendQueries {
  constructor(private readonly dataSource: DataSource) {}

  async trends(window: ReportWindow, options: { rankBy: TrendRanking; limit: number }): Promise<Projected<TrendsReport>> {
    const length = window.to.getTime() - window.from.getTime();
    const previousFrom = new Date(window.from.getTime() - length);
    const rising = {
      change: 'x.change DESC, x.previous = 0 DESC, x.relative DESC, x.sku COLLATE "C"',
      relative: 'x.previous = 0 DESC, x.relative DESC NULLS FIRST, x.change DESC, x.sku COLLATE "C"',
    };
    const falling = { change: 'x.change ASC, x.relative ASC, x.sku COLLATE "C"', relative: 'x.relative ASC, x.change ASC, x.sku COLLATE "C"' };
    const list = (direction: string, order: Record<TrendRanking, string>) => `
      (SELECT coalesce(json_agg(json_build_object('sku', y.sku, 'category', y.category, 'units', y.units, 'previousUnits', y.previous,
                'change', y.change, 'relativeChange', y.relative, 'rankByChange', y.by_change, 'rankByRelativeChange', y.by_relative)
              ORDER BY y.ranked), '[]'::json)
         FROM (SELECT x.*, row_number() OVER (ORDER BY ${order.change}) AS by_change,
                      row_number() OVER (ORDER BY ${order.relative}) AS by_relative,
                      row_number() OVER (ORDER BY ${order[options.rankBy]}) AS ranked
                 FROM x WHERE ${direction}) y
        WHERE y.ranked <= $4)`;
    const sql = `
      WITH sold AS (
        SELECT l.sku,
               coalesce(sum(l.quantity) FILTER (WHERE o.placed_at >= $2), 0) AS units,
               coalesce(sum(l.quantity) FILTER (WHERE o.placed_at < $2), 0) AS previous
          FROM ${Q}.orders o JOIN ${Q}.order_lines l ON l.order_id = o.order_id
         WHERE o.placed_at >= $1 AND o.placed_at < $3 AND o.confirmed_at IS NOT NULL
         GROUP BY l.sku),
      x AS (
        SELECT s.sku, coalesce(p.category, '${UNCATEGORISED}') AS category, s.units, s.previous, s.units - s.previous AS change,
               CASE WHEN s.previous > 0 THEN round((s.units - s.previous)::numeric / s.previous, 4) END AS relative
          FROM sold s LEFT JOIN ${Q}.report_products p ON p.sku = s.sku)
      SELECT json_build_object(
        'totals', (SELECT json_build_object('units', coalesce(sum(x.units), 0), 'previousUnits', coalesce(sum(x.previous), 0),
                     'rising', count(*) FILTER (WHERE x.change > 0), 'falling', count(*) FILTER (WHERE x.change < 0),
                     'unchanged', count(*) FILTER (WHERE x.change = 0)) FROM x),
        'rising', ${list('x.change > 0', rising)},
        'falling', ${list('x.change < 0', falling)})`;
    const read = await readProjection<Pick<TrendsReport, 'totals' | 'rising' | 'falling'>>(this.dataSource, 'orders', sql, [
      previousFrom,
      window.from,
      window.to,
      options.limit,
    ]);
    return {
      position: read.position,
      body: { ...window, previousFrom, days: Math.round((length / DAY_MS) * 1000) / 1000, rankBy: options.rankBy, ...read.body! },
    };
  }
}
