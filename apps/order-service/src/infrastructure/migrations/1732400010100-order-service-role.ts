import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['order-service'];

/** The order-service's own tables, for its own database role (ADR 23): nothing else is granted to it here. */
export class OrderServiceRole1732400010100 implements MigrationInterface {
  name = 'OrderServiceRole1732400010100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT ON order_known_skus TO ${ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE order_number_seq TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT ON order_known_skus FROM ${ROLE}`);
    await q.query(`REVOKE USAGE ON SEQUENCE order_number_seq FROM ${ROLE}`);
  }
}
