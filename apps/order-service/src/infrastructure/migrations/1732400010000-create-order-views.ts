import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/** The order service's own tables: SKUs seen stocked (for validation) and order numbers. */
export class CreateOrderViews1732400010000 implements MigrationInterface {
  name = 'CreateOrderViews1732400010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_known_skus (
        sku           text        PRIMARY KEY,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE SEQUENCE order_number_seq`);
    await q.query(`GRANT SELECT, INSERT ON order_known_skus TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE order_number_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE order_number_seq`);
    await q.query(`DROP TABLE order_known_skus`);
  }
}
