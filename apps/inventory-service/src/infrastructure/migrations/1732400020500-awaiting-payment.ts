import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLES = [APP_ROLE, DB_ROLES['inventory-service']];

/**
 * Confirmed orders of authorize-capture channels wait here, with what their allocation needs, until
 * their payment is authorised (ADR 31); a cancellation takes them out. Personal fields in it are
 * the sealed values of the order event, so erasing the customer's key erases them here too.
 */
export class AwaitingPayment1732400020500 implements MigrationInterface {
  name = 'AwaitingPayment1732400020500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inventory_awaiting_payment (
        order_id  uuid        PRIMARY KEY,
        request   jsonb       NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const role of ROLES) await q.query(`GRANT SELECT, INSERT, DELETE ON inventory_awaiting_payment TO ${role}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inventory_awaiting_payment`);
  }
}
