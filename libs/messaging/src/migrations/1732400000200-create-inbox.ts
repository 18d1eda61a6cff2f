import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/** One row per message a consumer has applied; written in the same transaction as the effect. */
export class CreateInbox1732400000200 implements MigrationInterface {
  name = 'CreateInbox1732400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        message_id   text        NOT NULL,
        topic        text        NOT NULL,
        partition    integer     NOT NULL,
        "offset"     bigint      NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON inbox TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox`);
  }
}
