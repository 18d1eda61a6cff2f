import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['inventory-service'];
const ROLES = [APP_ROLE, ROLE];

/**
 * The stock cover watch (docs/adr/0036): its local views of each SKU's levels and daily demand per
 * warehouse, folded from the service's own stock events with its checkpoint, and the alert state
 * of each (the head of its `stockalert-` stream, which only the inventory service may append to).
 */
export class StockCoverWatch1732400020700 implements MigrationInterface {
  name = 'StockCoverWatch1732400020700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inventory_stock_cover (
        sku           text    NOT NULL,
        warehouse_id  text    NOT NULL,
        on_hand       bigint  NOT NULL,
        reserved      bigint  NOT NULL,
        alert_state   jsonb   NOT NULL DEFAULT '{"status": "CLEAR"}',
        alert_version integer NOT NULL DEFAULT 0,
        PRIMARY KEY (sku, warehouse_id)
      )`);
    await q.query(`
      CREATE TABLE inventory_demand_daily (
        sku            text   NOT NULL,
        warehouse_id   text   NOT NULL,
        day            date   NOT NULL,
        ordered_units  bigint NOT NULL,
        released_units bigint NOT NULL,
        shipped_units  bigint NOT NULL,
        PRIMARY KEY (sku, warehouse_id, day)
      )`);
    for (const role of ROLES) await q.query(`GRANT SELECT, INSERT, UPDATE ON inventory_stock_cover, inventory_demand_daily TO ${role}`);
    await q.query(`INSERT INTO stream_writers (category, role_name, event_types) VALUES ('stockalert', $1, NULL)`, [ROLE]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM stream_writers WHERE category = 'stockalert' AND role_name = $1`, [ROLE]);
    await q.query(`DELETE FROM checkpoints WHERE subscriber = 'stock-cover-watch:inventory-service'`);
    await q.query(`DROP TABLE inventory_demand_daily`);
    await q.query(`DROP TABLE inventory_stock_cover`);
  }
}
