import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['shipping-service'];

/** The shipping-service's own tables, for its own database role (ADR 23): nothing else is granted to it here. */
export class ShippingServiceRole1732400030100 implements MigrationInterface {
  name = 'ShippingServiceRole1732400030100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT ON shipping_parcels TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON shipping_delay_watch TO ${ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE shipping_parcel_number_seq TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT ON shipping_parcels FROM ${ROLE}`);
    await q.query(`REVOKE SELECT, INSERT, UPDATE, DELETE ON shipping_delay_watch FROM ${ROLE}`);
    await q.query(`REVOKE USAGE ON SEQUENCE shipping_parcel_number_seq FROM ${ROLE}`);
  }
}
