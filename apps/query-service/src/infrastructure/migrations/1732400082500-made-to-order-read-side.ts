import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOrderProductionTable, liveSubscriber, ORDER_TABLES, QUERY_SCHEMA } from '@orderflow/projections';

/**
 * Made-to-order lines on the read side (docs/adr/0039). The orders projection's production orders
 * table is created where the first migration did not (it creates every projection's tables on a new
 * installation), as the query schema's owner like every projection table (ADR 23). Order documents
 * folded before have no options, made-to-order terms or production on their lines: the orders
 * projection is emptied and replays from position 0.
 */
export class MadeToOrderReadSide1732400082500 implements MigrationInterface {
  name = 'MadeToOrderReadSide1732400082500';

  async up(q: QueryRunner): Promise<void> {
    const [{ exists }] = (await q.query(`SELECT to_regclass('${QUERY_SCHEMA}.order_production') IS NOT NULL AS exists`)) as { exists: boolean }[];
    if (exists) return;
    await q.query(`SELECT set_config('role', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '${QUERY_SCHEMA}'), true)`);
    try {
      await createOrderProductionTable(q);
    } finally {
      await q.query(`RESET ROLE`);
    }
    await q.query(`TRUNCATE ${ORDER_TABLES.map((t) => `${QUERY_SCHEMA}.${t}`).join(', ')}`);
    await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('orders')]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${QUERY_SCHEMA}.order_production`);
  }
}
