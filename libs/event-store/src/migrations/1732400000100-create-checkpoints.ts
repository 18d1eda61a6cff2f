import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/** Where each reader of the global stream (relays, projectors) has got to. */
export class CreateCheckpoints1732400000100 implements MigrationInterface {
  name = 'CreateCheckpoints1732400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE checkpoints (
        subscriber      text        PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        global_position bigint      NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON checkpoints TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkpoints`);
  }
}
