import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * Return requests waiting for a delivery after-sales has not seen yet: found again when a delivery
 * or the order arrives (by order) and when their wait runs out (by deadline).
 */
export class CreateAwaitedReturns1732400041000 implements MigrationInterface {
  name = 'CreateAwaitedReturns1732400041000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE aftersales_awaited_returns (
        rma_number  text        PRIMARY KEY,
        order_id    uuid        NOT NULL,
        await_until timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX aftersales_awaited_returns_order_idx ON aftersales_awaited_returns (order_id)`);
    await q.query(`CREATE INDEX aftersales_awaited_returns_until_idx ON aftersales_awaited_returns (await_until, rma_number)`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON aftersales_awaited_returns TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE aftersales_awaited_returns`);
  }
}
