import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['shipping-service'];

/**
 * Local couriers (docs/adr/0038): where each courier was last seen and whether it is free (its
 * latest report only: positions are telemetry, not history; the assignments are events of the
 * shipments), the offers waiting for an answer (what the lapse check scans), and the booked
 * shipments waiting for a courier to become free.
 */
export class CreateCourierViews1732400032000 implements MigrationInterface {
  name = 'CreateCourierViews1732400032000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shipping_couriers (
        carrier           text             NOT NULL,
        courier_id        text             NOT NULL,
        lat               double precision NOT NULL,
        lon               double precision NOT NULL,
        position_at       timestamptz      NOT NULL,
        available         boolean          NOT NULL,
        available_since   timestamptz,
        assigned_shipment text,
        PRIMARY KEY (carrier, courier_id)
      )`);
    await q.query(`CREATE INDEX shipping_couriers_free ON shipping_couriers (carrier) WHERE available AND assigned_shipment IS NULL`);
    await q.query(`CREATE INDEX shipping_couriers_assigned ON shipping_couriers (assigned_shipment) WHERE assigned_shipment IS NOT NULL`);
    await q.query(`
      CREATE TABLE shipping_courier_offers (
        shipment_id text        PRIMARY KEY,
        carrier     text        NOT NULL,
        courier_id  text        NOT NULL,
        accept_by   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX shipping_courier_offers_due ON shipping_courier_offers (accept_by)`);
    await q.query(`
      CREATE TABLE shipping_courier_waiting (
        shipment_id text        PRIMARY KEY,
        carrier     text        NOT NULL,
        since       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX shipping_courier_waiting_oldest ON shipping_courier_waiting (carrier, since)`);
    for (const role of [APP_ROLE, ROLE]) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON shipping_couriers, shipping_courier_offers, shipping_courier_waiting TO ${role}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE shipping_courier_waiting`);
    await q.query(`DROP TABLE shipping_courier_offers`);
    await q.query(`DROP TABLE shipping_couriers`);
  }
}
