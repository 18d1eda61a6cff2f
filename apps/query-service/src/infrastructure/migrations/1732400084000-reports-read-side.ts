import { MigrationInterface, QueryRunner } from 'typeorm';
import { liveSubscriber, QUERY_SCHEMA, REPORT_TABLES, reportsProjection } from '@orderflow/projections';

/**
 * The reports projection (docs/adr/0040): products with their categories and shipments with their
 * distances and CO₂ factors, created where the first migration did not (it creates every
 * registered projection's tables on a new installation), as the query schema's owner like every
 * projection table (ADR 23). A projection without a checkpoint starts from position 0, so the live
 * projector folds the whole store into the new tables by itself; nothing else is replayed.
 */
export class ReportsReadSide1732400084000 implements MigrationInterface {
  name = 'ReportsReadSide1732400084000';

  async up(q: QueryRunner): Promise<void> {
    const [{ exists }] = (await q.query(`SELECT to_regclass('${QUERY_SCHEMA}.report_products') IS NOT NULL AS exists`)) as { exists: boolean }[];
    if (exists) return;
    await q.query(`SELECT set_config('role', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '${QUERY_SCHEMA}'), true)`);
    try {
      await reportsProjection.createTables(q);
    } finally {
      await q.query(`RESET ROLE`);
    }
    await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('reports')]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of REPORT_TABLES) await q.query(`DROP TABLE IF EXISTS ${QUERY_SCHEMA}.${t}`);
    await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('reports')]);
    await q.query(`DELETE FROM ${QUERY_SCHEMA}.projection_status WHERE projection = 'reports'`);
  }
}
