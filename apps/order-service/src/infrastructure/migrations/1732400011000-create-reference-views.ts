import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['order-service'];
const VIEWS = ['order_channels', 'order_lead_times', 'order_products'];
const CATEGORIES = ['channel', 'leadtime', 'product'];

/**
 * Reference data as events (docs/adr/0032): the order service owns the channel, lead-time and
 * product streams (it alone may append to them), and keeps the latest of each entity in a view
 * written in the same transaction as its event, which is what orders are decided with.
 */
export class CreateReferenceViews1732400011000 implements MigrationInterface {
  name = 'CreateReferenceViews1732400011000';

  async up(q: QueryRunner): Promise<void> {
    for (const view of VIEWS) {
      await q.query(`
        CREATE TABLE ${view} (
          key        text        PRIMARY KEY,
          entity     jsonb       NOT NULL,
          version    integer     NOT NULL,
          changed_at timestamptz NOT NULL
        )`);
      for (const role of [APP_ROLE, ROLE]) await q.query(`GRANT SELECT, INSERT, UPDATE ON ${view} TO ${role}`);
    }
    for (const category of CATEGORIES) {
      await q.query(`INSERT INTO stream_writers (category, role_name, event_types) VALUES ($1, $2, NULL)`, [category, ROLE]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM stream_writers WHERE category = ANY($1::text[]) AND role_name = $2`, [CATEGORIES, ROLE]);
    for (const view of [...VIEWS].reverse()) await q.query(`DROP TABLE ${view}`);
  }
}
