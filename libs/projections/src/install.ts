import { APP_ROLE, Queryable } from '@orderflow/event-store';
import { QUERY_SCHEMA } from './projection';
import { PROJECTIONS } from './registry';

/**
 * Creates the `query` schema, owned by the application role so that a rebuild (run by the service
 * or the CLI as that role) may create, rename and drop shadow tables there, and the live tables of
 * every projection, created as that role so it owns them too. Nothing outside the schema becomes
 * writable. Called by the query service's migration.
 */
export async function installProjectionSchema(db: Queryable): Promise<void> {
  await db.query(`CREATE SCHEMA ${QUERY_SCHEMA} AUTHORIZATION ${APP_ROLE}`);
  await db.query(`SET ROLE ${APP_ROLE}`);
  try {
    for (const projection of Object.values(PROJECTIONS)) await projection.createTables(db);
    await db.query(`
      CREATE TABLE ${QUERY_SCHEMA}.projection_status (
        projection      text             PRIMARY KEY,
        state           text             NOT NULL,
        started_at      timestamptz,
        updated_at      timestamptz,
        finished_at     timestamptz,
        total_events    bigint,
        events_done     bigint,
        rate_per_second double precision,
        eta_seconds     double precision,
        error           text
      )`);
  } finally {
    await db.query(`RESET ROLE`).catch(() => undefined); // an aborted transaction resets it on rollback
  }
}

/** Drops every projection table (they are rebuilt from the store): the migration's way down. */
export async function uninstallProjectionSchema(db: Queryable): Promise<void> {
  await db.query(`DROP SCHEMA ${QUERY_SCHEMA} CASCADE`);
}
