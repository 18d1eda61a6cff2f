import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLES = [APP_ROLE, DB_ROLES['order-service']];

/**
 * Payments (ADR 31): which order a paymentId belongs to (the provider's answers name the payment,
 * not always the order), the open authorisations with their deadline, for the expiry check, and
 * channels' checkout payments reported before their order.
 * Both are written in the transaction that appends the order events they follow from.
 */
export class PaymentIndex1732400010500 implements MigrationInterface {
  name = 'PaymentIndex1732400010500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_payment_index (
        payment_id text PRIMARY KEY,
        order_id   uuid NOT NULL
      )`);
    await q.query(`
      CREATE TABLE order_open_authorizations (
        order_id     uuid        PRIMARY KEY,
        authorize_by timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX order_open_authorizations_due ON order_open_authorizations (authorize_by)`);
    // A channel's report of its checkout payment that came before the order: held until it is placed.
    await q.query(`
      CREATE TABLE order_early_checkout_payments (
        order_id   uuid        NOT NULL,
        payment_id text        NOT NULL,
        report     jsonb       NOT NULL,
        held_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, payment_id)
      )`);
    for (const role of ROLES) {
      await q.query(`GRANT SELECT, INSERT ON order_payment_index TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, DELETE ON order_open_authorizations TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, DELETE ON order_early_checkout_payments TO ${role}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_early_checkout_payments`);
    await q.query(`DROP TABLE order_open_authorizations`);
    await q.query(`DROP TABLE order_payment_index`);
  }
}
