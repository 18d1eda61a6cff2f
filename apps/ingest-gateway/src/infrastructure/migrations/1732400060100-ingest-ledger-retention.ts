import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/** The ledger is swept by age (IDEMPOTENCY_RETENTION_DAYS): the gateway may delete expired rows. */
export class IngestLedgerRetention1732400060100 implements MigrationInterface {
  name = 'IngestLedgerRetention1732400060100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ingest_requests_created_at ON ingest_requests USING brin (created_at)`);
    await q.query(`CREATE INDEX ingest_messages_published_at ON ingest_messages USING brin (published_at)`);
    await q.query(`GRANT DELETE ON ingest_requests, ingest_messages TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON ingest_requests, ingest_messages FROM ${APP_ROLE}`);
    await q.query(`DROP INDEX ingest_messages_published_at`);
    await q.query(`DROP INDEX ingest_requests_created_at`);
  }
}
