import { Tx } from '@orderflow/event-store';
import { DailyDemand } from '@orderflow/forecasting';
import { StockAlertState } from '../domain/stock-alert.decider';
import { DemandDelta, LevelDelta } from '../domain/stock-movements';

/** One SKU at one warehouse as the watch decides on it: its levels, its demand by day, and its alert's state. */
export interface StockCover {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  alert: { state: StockAlertState; version: number };
  /** Net units (reserved less released) per day, from `since` on. */
  demand: DailyDemand[];
}

/**
 * The cover watch's local views: levels and daily demand per SKU and warehouse, and the state of
 * each one's alert stream (its head: the state and version the next append expects), all written
 * in the watch's transaction with its checkpoint.
 */
export class StockCoverView {
  /** Adds a batch's changes: one statement per table. */
  async apply(tx: Tx, levels: readonly LevelDelta[], demand: readonly DemandDelta[]): Promise<void> {
    if (levels.length > 0) {
      await tx.query(
        `INSERT INTO inventory_stock_cover AS c (sku, warehouse_id, on_hand, reserved)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
         ON CONFLICT (sku, warehouse_id) DO UPDATE SET on_hand = c.on_hand + EXCLUDED.on_hand, reserved = c.reserved + EXCLUDED.reserved`,
        [levels.map((l) => l.sku), levels.map((l) => l.warehouseId), levels.map((l) => l.onHand), levels.map((l) => l.reserved)],
      );
    }
    if (demand.length > 0) {
      const col = <K extends keyof DemandDelta>(k: K) => demand.map((d) => d[k]);
      await tx.query(
        `INSERT INTO inventory_demand_daily AS d (sku, warehouse_id, day, ordered_units, released_units, shipped_units)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[])
         ON CONFLICT (sku, warehouse_id, day) DO UPDATE SET
           ordered_units = d.ordered_units + EXCLUDED.ordered_units, released_units = d.released_units + EXCLUDED.released_units,
           shipped_units = d.shipped_units + EXCLUDED.shipped_units`,
        [col('sku'), col('warehouseId'), col('day'), col('ordered'), col('released'), col('shipped')],
      );
    }
  }

  /** These SKUs and warehouses as they stand, with their demand since `since` (YYYY-MM-DD). */
  async load(tx: Tx, pairs: readonly { sku: string; warehouseId: string }[], since: string): Promise<StockCover[]> {
    if (pairs.length === 0) return [];
    const rows = (await tx.query(
      `SELECT c.sku, c.warehouse_id AS "warehouseId", c.on_hand::text AS "onHand", c.reserved::text AS reserved,
              c.alert_state AS "alertState", c.alert_version AS "alertVersion",
              (SELECT coalesce(json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'units', d.ordered_units - d.released_units) ORDER BY d.day), '[]'::json)
                 FROM inventory_demand_daily d
                WHERE d.sku = c.sku AND d.warehouse_id = c.warehouse_id AND d.day >= $3::date) AS demand
         FROM inventory_stock_cover c
         JOIN unnest($1::text[], $2::text[]) AS k(sku, warehouse_id) USING (sku, warehouse_id)`,
      [pairs.map((p) => p.sku), pairs.map((p) => p.warehouseId), since],
    )) as { sku: string; warehouseId: string; onHand: string; reserved: string; alertState: StockAlertState; alertVersion: number; demand: DailyDemand[] }[];
    // node-postgres hands bigint over as text; one SKU's stock at one warehouse is far below 2^53.
    return rows.map((r) => ({
      sku: r.sku,
      warehouseId: r.warehouseId,
      onHand: Number(r.onHand),
      reserved: Number(r.reserved),
      alert: { state: r.alertState, version: r.alertVersion },
      demand: r.demand,
    }));
  }

  /** The alert streams' new heads, after appending to them. */
  async saveAlerts(tx: Tx, heads: readonly { sku: string; warehouseId: string; state: StockAlertState; version: number }[]): Promise<void> {
    if (heads.length === 0) return;
    await tx.query(
      `UPDATE inventory_stock_cover c SET alert_state = k.state, alert_version = k.version
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[]) AS k(sku, warehouse_id, state, version)
        WHERE c.sku = k.sku AND c.warehouse_id = k.warehouse_id`,
      [heads.map((h) => h.sku), heads.map((h) => h.warehouseId), heads.map((h) => JSON.stringify(h.state)), heads.map((h) => h.version)],
    );
  }
}
