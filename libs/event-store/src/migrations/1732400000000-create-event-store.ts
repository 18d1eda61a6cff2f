import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * The append-only event store. The trigger stops UPDATE/DELETE/TRUNCATE for everyone (short of a
 * superuser disabling it); the application role additionally holds only SELECT and INSERT.
 */
export class CreateEventStore1732400000000 implements MigrationInterface {
  name = 'CreateEventStore1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} LOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration created it concurrently
      END
      $$`);
    await q.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text        NOT NULL,
        stream_category text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version >= 1),
        event_id        uuid        NOT NULL,
        event_type      text        NOT NULL,
        schema_version  integer     NOT NULL CHECK (schema_version >= 1),
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       char(64)    NOT NULL,
        hash            char(64)    NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX events_global_order ON events (transaction_id, global_position)`);
    await q.query(
      `CREATE INDEX events_category_order ON events (stream_category, transaction_id, global_position)`,
    );
    await q.query(`
      CREATE FUNCTION events_reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER events_append_only_rows BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_reject_mutation()`);
    await q.query(`
      CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_reject_mutation()`);
    await q.query(`REVOKE ALL ON events FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON events TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  }

  async down(): Promise<void> {
    throw new Error('the event store is never dropped by a migration');
  }
}
