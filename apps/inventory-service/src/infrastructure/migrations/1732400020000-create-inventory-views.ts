import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/** The inventory service's own table: where each registered warehouse is, for allocation. */
export class CreateInventoryViews1732400020000 implements MigrationInterface {
  name = 'CreateInventoryViews1732400020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inventory_warehouses (
        warehouse_id text        PRIMARY KEY,
        name         text        NOT NULL,
        country      text        NOT NULL,
        region       text        NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON inventory_warehouses TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inventory_warehouses`);
  }
}
