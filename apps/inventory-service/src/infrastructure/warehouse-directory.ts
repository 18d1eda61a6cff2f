import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';
import { WarehouseLocation } from '../domain/allocation-planner';
import { WarehouseDetails } from '../domain/warehouse.decider';

/**
 * How long a warehouse's details are served from memory. Allocation asks for the same few
 * warehouses with every order; a warehouse registered or moved by another instance is seen within
 * this time, one registered or moved here at once.
 */
const CACHED_FOR_MS = 5000;

/** The local view of registered warehouses: where each one is, for allocation and for refusing unknown ones. */
@Injectable()
export class WarehouseDirectory {
  private readonly cached = new Map<string, { details: WarehouseDetails; until: number }>();

  async remember(tx: Tx, warehouse: WarehouseDetails): Promise<void> {
    this.cached.delete(warehouse.warehouseId);
    await tx.query(
      `INSERT INTO inventory_warehouses (warehouse_id, name, country, region, lat, lon) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (warehouse_id) DO UPDATE
         SET name = EXCLUDED.name, country = EXCLUDED.country, region = EXCLUDED.region,
             lat = EXCLUDED.lat, lon = EXCLUDED.lon, updated_at = now()`,
      [warehouse.warehouseId, warehouse.name, warehouse.country, warehouse.region, warehouse.location?.lat ?? null, warehouse.location?.lon ?? null],
    );
  }

  async find(tx: Tx, warehouseId: string): Promise<WarehouseDetails | undefined> {
    const [row] = await this.select(tx, [warehouseId]);
    return row;
  }

  /** The registered ones among these ids. */
  async locations(tx: Tx, warehouseIds: readonly string[]): Promise<WarehouseLocation[]> {
    if (warehouseIds.length === 0) return [];
    return this.select(tx, warehouseIds);
  }

  /** Every registered warehouse's id, in id order: where made-to-order units may be delivered (docs/adr/0039). */
  async registeredIds(tx: Tx): Promise<string[]> {
    const rows = (await tx.query(`SELECT warehouse_id FROM inventory_warehouses ORDER BY warehouse_id`)) as { warehouse_id: string }[];
    return rows.map((r) => r.warehouse_id);
  }

  /** The registered ones among these ids, ordered by id; only those not fresh in memory are read. */
  private async select(tx: Tx, warehouseIds: readonly string[]): Promise<WarehouseDetails[]> {
    const now = Date.now();
    const found = new Map<string, WarehouseDetails>();
    const missing: string[] = [];
    for (const id of new Set(warehouseIds)) {
      const hit = this.cached.get(id);
      if (hit && hit.until > now) found.set(id, hit.details);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = (await tx.query(
        `SELECT warehouse_id, name, country, region, lat, lon FROM inventory_warehouses WHERE warehouse_id = ANY($1::text[])`,
        [missing],
      )) as { warehouse_id: string; name: string; country: string; region: string; lat: number | null; lon: number | null }[];
      for (const r of rows) {
        const location = r.lat !== null && r.lon !== null ? { location: { lat: r.lat, lon: r.lon } } : {};
        const details = { warehouseId: r.warehouse_id, name: r.name, country: r.country, region: r.region, ...location };
        found.set(details.warehouseId, details);
        this.cached.set(details.warehouseId, { details, until: now + CACHED_FOR_MS });
      }
    }
    return [...found.values()].sort((a, b) => (a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0));
  }
}
