import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['inventory-service'];

/**
 * Made-to-order production (docs/adr/0039): the inventory service owns the production order
 * streams (`production-<productionOrderId>`, it alone may append to them), and keeps the due date
 * of each production order not yet made, so the periodic check finds the ones that slipped
 * without reading the store. A row goes when the order is made, failed, cancelled or has slipped.
 */
export class ProductionOrders1732400020900 implements MigrationInterface {
  name = 'ProductionOrders1732400020900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inventory_production_due (
        production_order_id text PRIMARY KEY,
        due_date            date NOT NULL
      )`);
    await q.query(`CREATE INDEX inventory_production_due_date_idx ON inventory_production_due (due_date)`);
    for (const role of [APP_ROLE, ROLE]) await q.query(`GRANT SELECT, INSERT, DELETE ON inventory_production_due TO ${role}`);
    await q.query(`INSERT INTO stream_writers (category, role_name, event_types) VALUES ('production', $1, NULL)`, [ROLE]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM stream_writers WHERE category = 'production' AND role_name = $1`, [ROLE]);
    await q.query(`DROP TABLE inventory_production_due`);
  }
}
