import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { ReportWindow } from './report-window';

const Q = QUERY_SCHEMA;
const count = (description: string) => z.number().int().describe(description);

export const OrdersPerMinute = ReportWindow.extend({
  buckets: z
    .array(z.object({ minute: z.iso.datetime({ offset: true }).describe('Start of the minute (UTC)'), channel: z.string(), orders: count('Orders placed in that minute') }))
    .describe('Only minutes and channels with orders, by minute then channel; `to` is the end of the current minute, so it is partly filled'),
});
export type OrdersPerMinute = z.infer<typeof OrdersPerMinute>;

export const Funnel = ReportWindow.extend({
  placed: count('Orders placed in the window'),
  confirmed: count('Of those, confirmed (or further along)'),
  allocated: count('Of those, fully allocated (or further along: shipped, delivered)'),
  shipped: count('Of those, picked up by a carrier at least once (or delivered)'),
  delivered: count('Of those, delivered'),
}).describe('Each stage counts the orders that reached it or a later one, so the figures never grow down the funnel');
export type Funnel = z.infer<typeof Funnel>;

const MINUTE_MS = 60_000;

/** The figures of the console's overview, each one statement over the orders projection. */
@Injectable()
export class OverviewQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Orders placed per minute and channel over the last `minutes` minutes, the current one included. */
  async ordersPerMinute(minutes: number, now = new Date()): Promise<Projected<OrdersPerMinute>> {
    const to = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
    const from = new Date(to.getTime() - minutes * MINUTE_MS);
    const read = await readProjection<OrdersPerMinute['buckets']>(
      this.dataSource,
      'orders',
      `SELECT coalesce(json_agg(json_build_object('minute', b.minute, 'channel', b.channel, 'orders', b.orders) ORDER BY b.minute, b.channel), '[]'::json)
         FROM (SELECT date_trunc('minute', o.placed_at, 'UTC') AS minute, o.channel, count(*) AS orders
                 FROM ${Q}.orders o WHERE o.placed_at >= $1 AND o.placed_at < $2
                GROUP BY 1, 2) b`,
      [from, to],
    );
    return { position: read.position, body: { from, to, buckets: read.body ?? [] } };
  }

  async funnel(window: ReportWindow): Promise<Projected<Funnel>> {
    const read = await readProjection<Omit<Funnel, 'from' | 'to'>>(
      this.dataSource,
      'orders',
      `SELECT json_build_object('placed', count(*),
                'confirmed', count(*) FILTER (WHERE coalesce(o.confirmed_at, o.allocated_at, o.shipped_at, o.delivered_at) IS NOT NULL),
                'allocated', count(*) FILTER (WHERE coalesce(o.allocated_at, o.shipped_at, o.delivered_at) IS NOT NULL),
                'shipped', count(*) FILTER (WHERE coalesce(o.shipped_at, o.delivered_at) IS NOT NULL),
                'delivered', count(*) FILTER (WHERE o.delivered_at IS NOT NULL))
         FROM ${Q}.orders o WHERE o.placed_at >= $1 AND o.placed_at < $2`,
      [window.from, window.to],
    );
    return { position: read.position, body: { ...window, ...read.body! } };
  }
}
