import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * Snapshots of long streams (a SKU's stock sees every reservation): the state after `version`,
 * written in the same transaction as the append, so loading reads one row plus the events after it.
 * Disposable: deleting every row only makes loading slower.
 */
export class CreateSnapshots1732400000150 implements MigrationInterface {
  name = 'CreateSnapshots1732400000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE snapshots (
        stream_id  text        PRIMARY KEY,
        version    integer     NOT NULL,
        schema     text        NOT NULL,
        state      jsonb       NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON snapshots TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE snapshots`);
  }
}
