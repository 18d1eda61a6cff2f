import type { OrdersPerMinute } from './overview-types';

const MINUTE_MS = 60_000;

export interface PerMinuteSeries {
  /** Start of every minute of the window, oldest first, quiet minutes included. */
  minutes: string[];
  /** One series per channel (by name), a count for every minute. */
  channels: { channel: string; orders: number[] }[];
  total: number;
}

/**
 * The report lists only minutes that had orders; a chart over time needs every minute, so the
 * quiet ones are filled with zeros (a gap would otherwise be drawn as a straight line).
 */
export function perMinuteSeries(report: OrdersPerMinute): PerMinuteSeries {
  const from = Date.parse(report.from);
  const count = Math.max(0, Math.round((Date.parse(report.to) - from) / MINUTE_MS));
  const minutes = Array.from({ length: count }, (_, i) => new Date(from + i * MINUTE_MS).toISOString());
  const byChannel = new Map<string, number[]>();
  let total = 0;
  for (const bucket of report.buckets) {
    const i = Math.round((Date.parse(bucket.minute) - from) / MINUTE_MS);
    if (i < 0 || i >= count) continue;
    let orders = byChannel.get(bucket.channel);
    if (!orders) byChannel.set(bucket.channel, (orders = new Array<number>(count).fill(0)));
    orders[i] += bucket.orders;
    total += bucket.orders;
  }
  const channels = [...byChannel.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([channel, orders]) => ({ channel, orders }));
  return { minutes, channels, total };
}
