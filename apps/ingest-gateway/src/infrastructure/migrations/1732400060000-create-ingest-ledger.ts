import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * The gateway's memory of what it already did: answers given under an Idempotency-Key, and the
 * message ids it has published (so a resent message is reported as a duplicate, not sent again).
 */
export class CreateIngestLedger1732400060000 implements MigrationInterface {
  name = 'CreateIngestLedger1732400060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingest_requests (
        idempotency_key text        PRIMARY KEY,
        request_hash    text        NOT NULL,
        status_code     integer     NOT NULL,
        response        jsonb       NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ingest_messages (
        message_id   text        PRIMARY KEY,
        topic        text        NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT ON ingest_requests, ingest_messages TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest_messages`);
    await q.query(`DROP TABLE ingest_requests`);
  }
}
