import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['after-sales-service'];

/** The after-sales-service's own tables, for its own database role (ADR 23): nothing else is granted to it here. */
export class AfterSalesServiceRole1732400043000 implements MigrationInterface {
  name = 'AfterSalesServiceRole1732400043000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT, UPDATE ON aftersales_orders, aftersales_order_lines TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON aftersales_delivery_cases TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON aftersales_awaited_returns TO ${ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE aftersales_rma_number_seq, aftersales_complaint_id_seq TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT, UPDATE ON aftersales_orders, aftersales_order_lines FROM ${ROLE}`);
    await q.query(`REVOKE SELECT, INSERT ON aftersales_delivery_cases FROM ${ROLE}`);
    await q.query(`REVOKE SELECT, INSERT, DELETE ON aftersales_awaited_returns FROM ${ROLE}`);
    await q.query(`REVOKE USAGE ON SEQUENCE aftersales_rma_number_seq, aftersales_complaint_id_seq FROM ${ROLE}`);
  }
}
