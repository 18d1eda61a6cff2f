import { PlannedShipment } from './reservation.decider';
import { availableAt, StockState } from './stock.decider';

/** A place where stock may just have become available. */
export interface StockLocation {
  sku: string;
  warehouseId: string;
}

export interface BackorderFill {
  reservationId: string;
  sku: string;
  warehouseId: string;
  quantity: number;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which queued backorders the stock available at these places fills: per SKU, oldest order first,
 * the oldest taking what it waits for (or all there is) before the next gets any. Places of one
 * SKU are visited in warehouse-id order and share the SKU's queue.
 */
export function planBackorderFills(stocks: Readonly<Record<string, StockState>>, places: readonly StockLocation[]): BackorderFill[] {
  const fills: BackorderFill[] = [];
  const skus = [...new Set(places.map((p) => p.sku))].sort(compare);
  for (const sku of skus) {
    const stock = stocks[sku];
    if (!stock) continue;
    const waiting = stock.backorders.map((b) => ({ ...b }));
    const warehouseIds = [...new Set(places.filter((p) => p.sku === sku).map((p) => p.warehouseId))].sort(compare);
    for (const warehouseId of warehouseIds) {
      let available = availableAt(stock, warehouseId);
      for (const entry of waiting) {
        if (available <= 0) break;
        const quantity = Math.min(entry.quantity, available);
        if (quantity === 0) continue;
        fills.push({ reservationId: entry.reservationId, sku, warehouseId, quantity });
        entry.quantity -= quantity;
        available -= quantity;
      }
    }
  }
  return fills;
}

/** The fills of each reservation as shipments: one per warehouse, in reservation then warehouse order. */
export function shipmentsByReservation(fills: readonly BackorderFill[]): { reservationId: string; shipments: PlannedShipment[] }[] {
  const reservationIds = [...new Set(fills.map((f) => f.reservationId))].sort(compare);
  return reservationIds.map((reservationId) => {
    const own = fills.filter((f) => f.reservationId === reservationId);
    const warehouseIds = [...new Set(own.map((f) => f.warehouseId))].sort(compare);
    return {
      reservationId,
      shipments: warehouseIds.map((warehouseId) => ({
        warehouseId,
        lines: own
          .filter((f) => f.warehouseId === warehouseId)
          .sort((a, b) => compare(a.sku, b.sku))
          .map((f) => ({ sku: f.sku, quantity: f.quantity })),
      })),
    };
  });
}
