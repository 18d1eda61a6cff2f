import { MigrationInterface, QueryRunner } from 'typeorm';
import { createDemandTable, INVENTORY_TABLES, liveSubscriber, QUERY_SCHEMA } from '@orderflow/projections';

/**
 * Daily demand per SKU and warehouse, for the replenishment report (docs/adr/0036): a table of the
 * inventory projection, created where the first migration did not (it creates every projection's
 * tables on a new installation), as the query schema's owner like every projection table (ADR 23).
 * The demand already in the store has to be folded too: the inventory projection is emptied and
 * replays from position 0.
 */
export class InventoryDemandDaily1732400081000 implements MigrationInterface {
  name = 'InventoryDemandDaily1732400081000';

  async up(q: QueryRunner): Promise<void> {
    const [{ exists }] = (await q.query(`SELECT to_regclass('${QUERY_SCHEMA}.inventory_demand_daily') IS NOT NULL AS exists`)) as { exists: boolean }[];
    if (exists) return;
    await q.query(`SELECT set_config('role', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '${QUERY_SCHEMA}'), true)`);
    try {
      await createDemandTable(q);
    } finally {
      await q.query(`RESET ROLE`);
    }
    await replayInventory(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${QUERY_SCHEMA}.inventory_demand_daily`);
  }
}

/** Empties the inventory projection's tables and checkpoint: its live projector folds every stock event again. */
async function replayInventory(q: QueryRunner): Promise<void> {
  const tables = INVENTORY_TABLES.filter((t) => t !== 'inventory_demand_daily');
  await q.query(`TRUNCATE ${tables.map((t) => `${QUERY_SCHEMA}.${t}`).join(', ')}`);
  await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('inventory')]);
}
