import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * The shipping service's own tables: which shipment a tracking number belongs to (carriers scan
 * by tracking number), the shipments still to be delivered with their due dates (what the delay
 * check scans), and the sequence tracking numbers are made from.
 */
export class CreateShippingViews1732400030000 implements MigrationInterface {
  name = 'CreateShippingViews1732400030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shipping_parcels (
        tracking_number text PRIMARY KEY,
        shipment_id     text NOT NULL UNIQUE
      )`);
    await q.query(`
      CREATE TABLE shipping_delay_watch (
        shipment_id text PRIMARY KEY,
        due_date    date NOT NULL
      )`);
    await q.query(`CREATE INDEX shipping_delay_watch_due ON shipping_delay_watch (due_date)`);
    await q.query(`CREATE SEQUENCE shipping_parcel_number_seq`);
    await q.query(`GRANT SELECT, INSERT ON shipping_parcels TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON shipping_delay_watch TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE shipping_parcel_number_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE shipping_parcel_number_seq`);
    await q.query(`DROP TABLE shipping_delay_watch`);
    await q.query(`DROP TABLE shipping_parcels`);
  }
}
