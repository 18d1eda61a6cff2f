/**
 * Units of one SKU in demand at one warehouse on one UTC day (of the events' recording): reserved
 * for orders (StockReserved), released again (StockReservationReleased: a cancellation, a changed
 * order re-planned) and shipped (StockShipped). What forecasts are fitted to (docs/adr/0036); they
 * add up, so the order of the events does not matter.
 */
export interface DemandDelta {
  sku: string;
  warehouseId: string;
  day: string;
  ordered: number;
  released: number;
  shipped: number;
}

/**
 * Adds a batch's stock events up into daily demand: one rule for the day an event counts on, so the
 * query side's report and the inventory service's alerts forecast from the same figures.
 */
export class DemandTally {
  private readonly days = new Map<string, DemandDelta>();

  add(sku: string, warehouseId: string, recordedAt: Date, kind: 'ordered' | 'released' | 'shipped', units: number): void {
    const day = recordedAt.toISOString().slice(0, 10);
    const key = `${sku}\u0000${warehouseId}\u0000${day}`;
    let d = this.days.get(key);
    if (!d) this.days.set(key, (d = { sku, warehouseId, day, ordered: 0, released: 0, shipped: 0 }));
    d[kind] += units;
  }

  rows(): DemandDelta[] {
    return [...this.days.values()];
  }
}
