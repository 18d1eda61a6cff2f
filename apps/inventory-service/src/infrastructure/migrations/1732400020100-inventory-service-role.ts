import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['inventory-service'];

/** The inventory-service's own tables, for its own database role (ADR 23): nothing else is granted to it here. */
export class InventoryServiceRole1732400020100 implements MigrationInterface {
  name = 'InventoryServiceRole1732400020100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT, UPDATE ON inventory_warehouses TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT, UPDATE ON inventory_warehouses FROM ${ROLE}`);
  }
}
