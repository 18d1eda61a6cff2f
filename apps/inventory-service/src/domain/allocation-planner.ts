import { SkuQuantity } from '@orderflow/contracts';
import { PlannedShipment } from './reservation.decider';

/** Where a warehouse is, as the local view of registrations knows it. */
export interface WarehouseLocation {
  warehouseId: string;
  country: string;
  region: string;
}

export interface AllocationInput {
  /** One line per SKU (merge duplicates first). */
  lines: readonly SkuQuantity[];
  shipTo: { country: string; region?: string };
  warehouses: readonly WarehouseLocation[];
  /** Available quantity by SKU, then warehouse id; missing means none. */
  available: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface AllocationPlan {
  /** One per warehouse, in the order they were chosen. */
  shipments: PlannedShipment[];
  backordered: SkuQuantity[];
}

/** Sums the quantities of lines naming the same SKU, keeping the order of first appearance. */
export function mergeLines(lines: readonly SkuQuantity[]): SkuQuantity[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const byWarehouseId = (a: WarehouseLocation, b: WarehouseLocation) =>
  a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0;

/**
 * Chooses where an order's goods come from, deterministically:
 * 1. one warehouse in the customer's region (same country and, when the address names one, same
 *    region) that can fill the whole order;
 * 2. else any single warehouse that can, same country first;
 * 3. else a greedy split: the warehouse covering most of what remains first (in-region first on
 *    ties, then warehouse id), until nothing remains or no warehouse has any of it;
 * 4. what remains is backordered.
 * Ties not settled by these rules go to the lowest warehouse id.
 */
export function planAllocation(input: AllocationInput): AllocationPlan {
  const lines = mergeLines(input.lines);
  const availableAt = (sku: string, warehouseId: string) => Math.max(0, input.available[sku]?.[warehouseId] ?? 0);
  const inCountry = (w: WarehouseLocation) => sameText(w.country, input.shipTo.country);
  const inRegion = (w: WarehouseLocation) =>
    inCountry(w) && (!input.shipTo.region || sameText(w.region, input.shipTo.region));
  const warehouses = [...input.warehouses].sort(byWarehouseId);
  const fillsAll = (w: WarehouseLocation) => lines.every((l) => availableAt(l.sku, w.warehouseId) >= l.quantity);

  const sameCountryFirst = [...warehouses.filter(inCountry), ...warehouses.filter((w) => !inCountry(w))];
  const single = warehouses.find((w) => inRegion(w) && fillsAll(w)) ?? sameCountryFirst.find(fillsAll);
  if (single) return { shipments: [{ warehouseId: single.warehouseId, lines }], backordered: [] };

  const remaining = new Map(lines.map((l) => [l.sku, l.quantity]));
  const shipments: PlannedShipment[] = [];
  const unused = new Set(warehouses);
  const coverage = (w: WarehouseLocation) =>
    [...remaining].reduce((sum, [sku, quantity]) => sum + Math.min(quantity, availableAt(sku, w.warehouseId)), 0);
  for (;;) {
    let best: { warehouse: WarehouseLocation; covers: number } | undefined;
    for (const w of unused) {
      const covers = coverage(w);
      // Candidates come in warehouse-id order, so only strictly better coverage or an in-region tie wins.
      if (covers > 0 && (!best || covers > best.covers || (covers === best.covers && inRegion(w) && !inRegion(best.warehouse)))) {
        best = { warehouse: w, covers };
      }
    }
    if (!best) break;
    unused.delete(best.warehouse);
    const taken: SkuQuantity[] = [];
    for (const l of lines) {
      const quantity = Math.min(remaining.get(l.sku) ?? 0, availableAt(l.sku, best.warehouse.warehouseId));
      if (quantity === 0) continue;
      taken.push({ sku: l.sku, quantity });
      remaining.set(l.sku, remaining.get(l.sku)! - quantity);
    }
    shipments.push({ warehouseId: best.warehouse.warehouseId, lines: taken });
  }
  const backordered = lines.map((l) => ({ sku: l.sku, quantity: remaining.get(l.sku)! })).filter((l) => l.quantity > 0);
  return { shipments, backordered };
}
