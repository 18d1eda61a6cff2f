import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * The keys services check callers against (docs/adr/0018): what the `apikey` streams of the event
 * store say, kept as a table so a check is one indexed read. Only a hash of each secret is stored.
 * Services may read keys and mark them used; nothing may delete a key (revoking keeps the row).
 */
export class CreateApiKeys1732400000300 implements MigrationInterface {
  name = 'CreateApiKeys1732400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        key_id       text        PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{12}$'),
        name         text        NOT NULL,
        role         text        NOT NULL CHECK (role IN ('channel', 'warehouse', 'carrier', 'operator', 'auditor', 'admin')),
        channel      text,
        warehouse    text,
        carrier      text,
        secret_hash  text        NOT NULL,
        created_at   timestamptz NOT NULL,
        created_by   text        NOT NULL,
        revoked_at   timestamptz,
        revoked_by   text,
        last_used_at timestamptz,
        CHECK ((role = 'channel') = (channel IS NOT NULL)),
        CHECK ((role = 'warehouse') = (warehouse IS NOT NULL)),
        CHECK ((role = 'carrier') = (carrier IS NOT NULL))
      )`);
    await q.query(`GRANT SELECT, INSERT ON api_keys TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (revoked_at, revoked_by, last_used_at) ON api_keys TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
