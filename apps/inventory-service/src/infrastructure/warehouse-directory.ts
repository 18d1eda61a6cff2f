import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';
import { WarehouseLocation } from '../domain/allocation-planner';
import { WarehouseDetails } from '../domain/warehouse.decider';

/** The local view of registered warehouses: where each one is, for allocation and for refusing unknown ones. */
@Injectable()
export class WarehouseDirectory {
  async remember(tx: Tx, warehouse: WarehouseDetails): Promise<void> {
    await tx.query(
      `INSERT INTO inventory_warehouses (warehouse_id, name, country, region) VALUES ($1, $2, $3, $4)
       ON CONFLICT (warehouse_id) DO UPDATE
         SET name = EXCLUDED.name, country = EXCLUDED.country, region = EXCLUDED.region, updated_at = now()`,
      [warehouse.warehouseId, warehouse.name, warehouse.country, warehouse.region],
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

  private async select(tx: Tx, warehouseIds: readonly string[]): Promise<WarehouseDetails[]> {
    const rows = (await tx.query(
      `SELECT warehouse_id, name, country, region FROM inventory_warehouses WHERE warehouse_id = ANY($1::text[]) ORDER BY warehouse_id`,
      [warehouseIds],
    )) as { warehouse_id: string; name: string; country: string; region: string }[];
    return rows.map((r) => ({ warehouseId: r.warehouse_id, name: r.name, country: r.country, region: r.region }));
  }
}
