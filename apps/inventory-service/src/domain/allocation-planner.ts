import { AllocationDecision, distanceKm, GeoPoint, placeOf, SkuQuantity } from '@orderflow/contracts';
import { PlannedShipment } from './reservation.decider';

/** Where a warehouse is, as the local view of registrations knows it. */
export interface WarehouseLocation {
  warehouseId: string;
  country: string;
  region: string;
  /** Its own coordinates; without them, its region's (or country's) centroid stands in. */
  location?: GeoPoint;
}

export interface AllocationInput {
  /** One line per SKU (merge duplicates first). */
  lines: readonly SkuQuantity[];
  shipTo: { country: string; region?: string; location?: GeoPoint };
  warehouses: readonly WarehouseLocation[];
  /** Available quantity by SKU, then warehouse id; missing means none. */
  available: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface AllocationPlan {
  /** One per warehouse, in the order they were chosen. */
  shipments: PlannedShipment[];
  backordered: SkuQuantity[];
  /** Why: for the timeline (docs/adr/0037). */
  decision: AllocationDecision;
}

/** Sums the quantities of lines naming the same SKU, keeping the order of first appearance. */
export function mergeLines(lines: readonly SkuQuantity[]): SkuQuantity[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Chooses where an order's goods come from, deterministically (docs/adr/0037):
 * 1. one warehouse that can fill the whole order: the nearest, when the address and the
 *    warehouses can be placed (their own location, else their region's or country's centroid);
 *    warehouses that cannot be placed come after every placed one, and when the address cannot be
 *    placed the earlier rule decides: in the customer's region, then in the country, then any;
 * 2. only when no single warehouse can, a greedy split: the warehouse covering most of what
 *    remains first (nearer first on ties, then in-region), until nothing remains or no warehouse
 *    has any of it;
 * 3. what remains is backordered.
 * Ties not settled by these rules go to the lowest warehouse id. The plan records where the address
 * was placed and every warehouse considered, with its distance and what it could have given.
 */
export function planAllocation(input: AllocationInput): AllocationPlan {
  const lines = mergeLines(input.lines);
  const availableAt = (sku: string, warehouseId: string) => Math.max(0, input.available[sku]?.[warehouseId] ?? 0);
  const inCountry = (w: WarehouseLocation) => sameText(w.country, input.shipTo.country);
  const inRegion = (w: WarehouseLocation) =>
    inCountry(w) && (!input.shipTo.region || sameText(w.region, input.shipTo.region));
  const shipTo = placeOf(input.shipTo);
  const distances = new Map<string, number | null>();
  for (const w of input.warehouses) {
    const at = shipTo && placeOf(w);
    distances.set(w.warehouseId, shipTo && at ? distanceKm(shipTo, at) : null);
  }
  const distanceOf = (w: WarehouseLocation) => distances.get(w.warehouseId) ?? null;
  const fillsAll = (w: WarehouseLocation) => lines.every((l) => availableAt(l.sku, w.warehouseId) >= l.quantity);

  // Nearer first (placed before unplaced), then in-region, then in-country, then warehouse id.
  const preference = (a: WarehouseLocation, b: WarehouseLocation) => {
    const da = distanceOf(a);
    const db = distanceOf(b);
    if (da !== null || db !== null) {
      if (da === null) return 1;
      if (db === null) return -1;
      if (da !== db) return da - db;
    }
    if (inRegion(a) !== inRegion(b)) return inRegion(a) ? -1 : 1;
    if (inCountry(a) !== inCountry(b)) return inCountry(a) ? -1 : 1;
    return a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0;
  };
  const warehouses = [...input.warehouses].sort(preference);
  const totalCover = (w: WarehouseLocation) => lines.reduce((sum, l) => sum + Math.min(l.quantity, availableAt(l.sku, w.warehouseId)), 0);
  const decision = (rule: AllocationDecision['rule'], chosen: Set<string>): AllocationDecision => ({
    rule,
    shipTo: shipTo ? { lat: shipTo.lat, lon: shipTo.lon, placedBy: shipTo.placedBy } : null,
    considered: warehouses.map((w) => ({
      warehouseId: w.warehouseId,
      distanceKm: distanceOf(w),
      fillsAll: fillsAll(w),
      covers: totalCover(w),
      chosen: chosen.has(w.warehouseId),
    })),
  });
  const shipmentFrom = (w: WarehouseLocation, taken: SkuQuantity[]): PlannedShipment => {
    const distance = distanceOf(w);
    const at = distance !== null ? placeOf(w) : null;
    return { warehouseId: w.warehouseId, lines: taken, ...(distance !== null ? { distanceKm: distance } : {}), ...(at ? { origin: { lat: at.lat, lon: at.lon } } : {}) };
  };

  const single = warehouses.find(fillsAll);
  if (single) {
    const rule = distanceOf(single) !== null ? 'NEAREST_SINGLE' : 'SINGLE';
    return { shipments: [shipmentFrom(single, lines)], backordered: [], decision: decision(rule, new Set([single.warehouseId])) };
  }

  const remaining = new Map(lines.map((l) => [l.sku, l.quantity]));
  const shipments: PlannedShipment[] = [];
  const unused = new Set(warehouses);
  const coverage = (w: WarehouseLocation) =>
    [...remaining].reduce((sum, [sku, quantity]) => sum + Math.min(quantity, availableAt(sku, w.warehouseId)), 0);
  for (;;) {
    let best: { warehouse: WarehouseLocation; covers: number } | undefined;
    for (const w of unused) {
      const covers = coverage(w);
      // Candidates come in order of preference, so only strictly better coverage wins.
      if (covers > 0 && (!best || covers > best.covers)) best = { warehouse: w, covers };
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
    shipments.push(shipmentFrom(best.warehouse, taken));
  }
  const backordered = lines.map((l) => ({ sku: l.sku, quantity: remaining.get(l.sku)! })).filter((l) => l.quantity > 0);
  const rule = shipments.length === 0 ? 'BACKORDERED' : 'SPLIT';
  return { shipments, backordered, decision: decision(rule, new Set(shipments.map((s) => s.warehouseId))) };
}
