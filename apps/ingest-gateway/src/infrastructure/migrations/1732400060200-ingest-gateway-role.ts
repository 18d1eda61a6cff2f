import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['ingest-gateway'];

/** The ingest-gateway's own tables, for its own database role (ADR 23): nothing else is granted to it here. */
export class IngestGatewayRole1732400060200 implements MigrationInterface {
  name = 'IngestGatewayRole1732400060200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT, DELETE ON ingest_requests, ingest_messages TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT, DELETE ON ingest_requests, ingest_messages FROM ${ROLE}`);
  }
}
