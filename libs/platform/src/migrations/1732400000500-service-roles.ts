import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, APPEND_EVENTS_AS_OWNER, DB_ROLES, IMPORTER_ROLE } from '@orderflow/event-store';

const ORDER = DB_ROLES['order-service'];
const INVENTORY = DB_ROLES['inventory-service'];
const SHIPPING = DB_ROLES['shipping-service'];
const AFTER_SALES = DB_ROLES['after-sales-service'];
const QUERY = DB_ROLES['query-service'];
const GATEWAY = DB_ROLES['ingest-gateway'];
const ADMIN = DB_ROLES.cli;
const ALL = [ORDER, INVENTORY, SHIPPING, AFTER_SALES, QUERY, GATEWAY, ADMIN];
/** The services that own streams: they consume Kafka (inbox), relay (checkpoints) and snapshot. */
const DOMAIN = [ORDER, INVENTORY, SHIPPING, AFTER_SALES];

/**
 * Who may append what: a category, the role that may append to it, and (when not null) the only
 * event types it may append there. Every service records the uses of API keys; only the operators'
 * CLI creates and revokes them.
 */
const WRITERS: [category: string, role: string, types: string[] | null][] = [
  ['order', ORDER, null],
  ['warehouse', INVENTORY, null],
  ['stock', INVENTORY, null],
  ['reservation', INVENTORY, null],
  ['restock', INVENTORY, null],
  ['shipment', SHIPPING, null],
  ['return', AFTER_SALES, null],
  ['complaint', AFTER_SALES, null],
  ['apikey', ADMIN, null],
  // `gdpr erase` records each erasure (CustomerErased) where it destroys the key.
  ['customer', ADMIN, null],
  ...[ORDER, INVENTORY, SHIPPING, AFTER_SALES, QUERY, GATEWAY].map((r): [string, string, string[]] => ['apikey', r, ['ApiKeyUsed']]),
];

export const APPEND_SIGNATURE = `append_events(text[], bigint[], integer[], uuid[], text[], integer[], text, text, timestamptz)`;
const OLD_APPEND_EVENTS = `append_events(text[], bigint[], integer[], uuid[], text[], integer[], text, text, text, text, text, timestamptz)`;
const OLD_APPEND_STREAMS = `append_streams(text[], bigint[], integer[], uuid[], text[], integer[], jsonb[], jsonb[], text[], text[], timestamptz)`;

/**
 * One login role per service (ADR 23), and an append the roles cannot forge.
 *
 * - Roles are cluster-wide while migrations run per database, and test runs migrate many databases
 *   at once: creating a role or a membership retries when another database's migration raced it.
 * - `append_events` now runs as the schema owner (SECURITY DEFINER) and nobody else may INSERT into
 *   `events`. It refuses a category or event type the caller's role does not own (42501), and it
 *   sets `recorded_at` from the database clock and builds every piece of the hashed text itself but
 *   the canonical data and metadata, so a role can forge neither time nor chain. Only members of
 *   the importer role may pass a `recorded_at` (history imports, test fixtures).
 * - The old functions go: without INSERT on `events` no caller could use them.
 */
export class ServiceRoles1732400000500 implements MigrationInterface {
  name = 'ServiceRoles1732400000500';

  async up(q: QueryRunner): Promise<void> {
    const memberships: [string, string][] = [
      ...[...ALL, IMPORTER_ROLE].map((r): [string, string] => [r, APP_ROLE]),
      // The operators' CLI rebuilds projections in process (`projections rebuild`).
      [QUERY, ADMIN],
    ];
    await q.query(`
      DO $$
      DECLARE
        r text;
        m text[];
        attempt integer;
      BEGIN
        -- Every step is skipped when already done, so a step that lost a race to another database's
        -- migration (a duplicate role or membership, a tuple updated concurrently) retries them all.
        FOR attempt IN 1 .. 20 LOOP
          BEGIN
            FOREACH r IN ARRAY ARRAY[${ALL.map((r) => `'${r}'`).join(', ')}, '${IMPORTER_ROLE}'] LOOP
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                EXECUTE format('CREATE ROLE %I %s', r, CASE WHEN r = '${IMPORTER_ROLE}' THEN 'NOLOGIN' ELSE 'LOGIN' END);
              END IF;
            END LOOP;
            FOREACH m SLICE 1 IN ARRAY ARRAY[${memberships.map(([role, member]) => `['${role}', '${member}']`).join(', ')}] LOOP
              IF NOT pg_has_role(m[2], m[1], 'MEMBER') THEN EXECUTE format('GRANT %I TO %I', m[1], m[2]); END IF;
            END LOOP;
            -- The union of every service's rights logs in as nobody; tests log in as a member of it.
            IF (SELECT rolcanlogin FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN ALTER ROLE ${APP_ROLE} NOLOGIN; END IF;
            EXIT;
          EXCEPTION WHEN OTHERS THEN
            IF attempt = 20 THEN RAISE; END IF;
            PERFORM pg_sleep(0.05 * attempt);
          END;
        END LOOP;
      END
      $$`);

    await q.query(`
      CREATE TABLE stream_writers (
        category    text NOT NULL,
        role_name   name NOT NULL,
        event_types text[],
        PRIMARY KEY (category, role_name)
      )`);
    await q.query(`REVOKE ALL ON stream_writers FROM PUBLIC`);
    for (const [category, role, types] of WRITERS) {
      await q.query(`INSERT INTO stream_writers (category, role_name, event_types) VALUES ($1, $2, $3)`, [category, role, types]);
    }

    await q.query(`DROP FUNCTION ${OLD_APPEND_EVENTS}`);
    await q.query(`DROP FUNCTION ${OLD_APPEND_STREAMS}`);
    await q.query(APPEND_EVENTS_AS_OWNER);
    await q.query(`REVOKE ALL ON FUNCTION ${APPEND_SIGNATURE} FROM PUBLIC`);
    for (const role of ALL) await q.query(`GRANT EXECUTE ON FUNCTION ${APPEND_SIGNATURE} TO ${role}`);

    // Shared tables of the platform. The tables of each service are granted by its own migrations.
    await q.query(`REVOKE INSERT ON events FROM ${APP_ROLE}`);
    for (const role of ALL) await q.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    for (const role of [...DOMAIN, QUERY, ADMIN]) await q.query(`GRANT SELECT ON events TO ${role}`);
    for (const role of [...DOMAIN, QUERY]) await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON checkpoints TO ${role}`);
    for (const role of DOMAIN) {
      await q.query(`GRANT SELECT, INSERT, DELETE ON inbox TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE ON snapshots TO ${role}`);
    }
    await q.query(`REVOKE DELETE ON snapshots FROM ${APP_ROLE}`);
    for (const role of ALL) {
      await q.query(`GRANT SELECT ON api_keys TO ${role}`);
      await q.query(`GRANT UPDATE (last_used_at) ON api_keys TO ${role}`);
    }
    await q.query(`GRANT INSERT, UPDATE (revoked_at, revoked_by) ON api_keys TO ${ADMIN}`);
    for (const role of [QUERY, ADMIN]) await q.query(`GRANT SELECT, INSERT ON audit_seals, audit_seal_heads TO ${role}`);
    // Customers' keys (ADR 22): the gateway and the order service seal, the query API opens, the CLI erases.
    for (const role of [GATEWAY, ORDER]) await q.query(`GRANT SELECT, INSERT ON customer_keys TO ${role}`);
    await q.query(`GRANT SELECT ON customer_keys TO ${QUERY}`);
    await q.query(`GRANT SELECT, UPDATE (wrapped_key, erased_at, erased_by) ON customer_keys TO ${ADMIN}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${APPEND_SIGNATURE}`);
    await q.query(`DROP TABLE stream_writers`);
    await q.query(`GRANT INSERT ON events TO ${APP_ROLE}`);
    // Roles are cluster-wide and may serve other databases: they stay.
  }
}
