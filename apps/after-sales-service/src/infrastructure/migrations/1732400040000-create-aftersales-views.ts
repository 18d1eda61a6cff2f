import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * The after-sales service's own tables: its view of confirmed orders and of what was delivered
 * and returned per SKU (for the return rules), the carrier cases already opened, and the
 * sequences behind RMA numbers and complaint ids.
 */
export class CreateAfterSalesViews1732400040000 implements MigrationInterface {
  name = 'CreateAfterSalesViews1732400040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE aftersales_orders (
        order_id          uuid        PRIMARY KEY,
        order_number      text        NOT NULL,
        channel           text        NOT NULL,
        external_order_id text        NOT NULL,
        currency          text        NOT NULL,
        ship_to           jsonb       NOT NULL,
        confirmed_at      timestamptz NOT NULL
      )`);
    // No foreign key: a delivery may be seen before its order's confirmation (separate topics).
    await q.query(`
      CREATE TABLE aftersales_order_lines (
        order_id          uuid        NOT NULL,
        sku               text        NOT NULL,
        unit_price_minor  bigint,
        ordered           integer     NOT NULL DEFAULT 0 CHECK (ordered >= 0),
        delivered         integer     NOT NULL DEFAULT 0 CHECK (delivered >= 0),
        returned          integer     NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= delivered),
        last_delivered_at timestamptz,
        PRIMARY KEY (order_id, sku)
      )`);
    await q.query(`
      CREATE TABLE aftersales_delivery_cases (
        shipment_id  text NOT NULL,
        category     text NOT NULL,
        complaint_id text NOT NULL,
        PRIMARY KEY (shipment_id, category)
      )`);
    await q.query(`CREATE SEQUENCE aftersales_rma_number_seq`);
    await q.query(`CREATE SEQUENCE aftersales_complaint_id_seq`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON aftersales_orders, aftersales_order_lines TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON aftersales_delivery_cases TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE aftersales_rma_number_seq, aftersales_complaint_id_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE aftersales_complaint_id_seq`);
    await q.query(`DROP SEQUENCE aftersales_rma_number_seq`);
    await q.query(`DROP TABLE aftersales_delivery_cases`);
    await q.query(`DROP TABLE aftersales_order_lines`);
    await q.query(`DROP TABLE aftersales_orders`);
  }
}
