import type { ChartData } from 'chart.js';
import { formatInstant } from '../../ui/format';

/** GET /inventory/:sku/history (apps/query-service/src/inventory/stock-history.ts). */
export interface StockPoint {
  at: string;
  position: number;
  type: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockHistory {
  sku: string;
  warehouseId: string | null;
  points: StockPoint[];
  earlierPoints: number;
}

const LEVELS = [
  { key: 'onHand', label: 'On hand', color: '#0b57d0' },
  { key: 'reserved', label: 'Reserved', color: '#8a5a00' },
  { key: 'available', label: 'Available', color: '#146c2e' },
] as const;
const WAREHOUSE_COLORS = ['#0b57d0', '#146c2e', '#b3261e', '#8a5a00', '#6b3fa0', '#00696f', '#4a5263'];

/**
 * The history as a line chart, one label per event (oldest first). One warehouse: its on hand,
 * reserved and available. All: each warehouse's available, carried forward between its own events
 * (null before its first), so every line reads as a level at every moment.
 */
export function stockChartData(points: readonly StockPoint[], warehouseId: string | undefined): ChartData<'line'> {
  if (warehouseId !== undefined) {
    const mine = points.filter((p) => p.warehouseId === warehouseId);
    return {
      labels: mine.map((p) => formatInstant(p.at)),
      datasets: LEVELS.map((l) => ({ label: l.label, data: mine.map((p) => p[l.key]), borderColor: l.color, backgroundColor: l.color, stepped: true, pointRadius: 2 })),
    };
  }
  const warehouses = warehousesIn(points);
  const latest = new Map<string, number>();
  const series = warehouses.map(() => [] as (number | null)[]);
  for (const p of points) {
    latest.set(p.warehouseId, p.available);
    warehouses.forEach((w, i) => series[i].push(latest.get(w) ?? null));
  }
  return {
    labels: points.map((p) => formatInstant(p.at)),
    datasets: warehouses.map((w, i) => {
      const color = WAREHOUSE_COLORS[i % WAREHOUSE_COLORS.length];
      return { label: `Available at ${w}`, data: series[i], borderColor: color, backgroundColor: color, stepped: true, pointRadius: 2 };
    }),
  };
}

/** The warehouses the history touches, in the order they first appear. */
export function warehousesIn(points: readonly StockPoint[]): string[] {
  return [...new Set(points.map((p) => p.warehouseId))];
}

/** Highlighted as low: fewer available than the operator's threshold. */
export const isLow = (row: { available: number }, threshold: number): boolean => row.available < threshold;
