import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['shipping-service'];

/**
 * Reference data as events (docs/adr/0032): the shipping service owns the carrier streams (it alone
 * may append to them) and keeps the latest of each carrier in a view written with its event, which
 * bookings read; and it keeps the catalogue's product weights, as the order service publishes them.
 */
export class CreateShippingReferenceViews1732400031000 implements MigrationInterface {
  name = 'CreateShippingReferenceViews1732400031000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shipping_carriers (
        key        text        PRIMARY KEY,
        entity     jsonb       NOT NULL,
        version    integer     NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE shipping_product_weights (
        sku          text    PRIMARY KEY,
        weight_grams integer NOT NULL,
        version      integer NOT NULL
      )`);
    for (const role of [APP_ROLE, ROLE]) {
      await q.query(`GRANT SELECT, INSERT, UPDATE ON shipping_carriers, shipping_product_weights TO ${role}`);
    }
    await q.query(`INSERT INTO stream_writers (category, role_name, event_types) VALUES ('carrier', $1, NULL)`, [ROLE]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM stream_writers WHERE category = 'carrier' AND role_name = $1`, [ROLE]);
    await q.query(`DROP TABLE shipping_product_weights`);
    await q.query(`DROP TABLE shipping_carriers`);
  }
}
