import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { APP_ROLE, dbRoleOf } from '@orderflow/event-store';
import { createDataSource, ensureDatabase, migrate, withRole } from '@orderflow/platform';
import { createKafkaBus, MessageBus } from '@orderflow/messaging';
import { platformMigrations } from '@orderflow/platform';

export const TEST_ADMIN_URL_BASE = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Keys kept outside the database, as `npm start` makes them, for the systems tests start: personal
 * data sealed (ADR 22) and snapshots trusted across a service's replicas (ADR 23). Fresh each run.
 */
export const TEST_SYSTEM_KEYS = {
  PII_MASTER_KEY: randomBytes(32).toString('base64url'),
  SNAPSHOT_KEY: randomBytes(32).toString('base64url'),
};

/** A short id unique to this run and process: databases and topics never collide across runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * What tests log in as: a member of the application role, which is the union of every service's
 * role and an importer (so fixtures may backdate events). Services the tests start as processes log
 * in as their own roles (`urlFor`), as in production (ADR 23).
 */
export const FIXTURE_ROLE = 'orderflow_test';

export interface TestDatabase {
  name: string;
  /** The schema owner's URL (superuser here): what migrations and tamper tests use. */
  adminUrl: string;
  /** The fixture role's URL: the whole system's rights in one login. */
  appUrl: string;
  /** The URL a service (or the CLI: 'cli') logs in with: its own role. */
  urlFor(service: string): string;
  /** A DataSource connected as the fixture role. */
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** The login role tests use, made once per cluster (roles are cluster-wide, test databases are not). */
export async function ensureFixtureRole(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`
      DO $$
      BEGIN
        FOR attempt IN 1 .. 20 LOOP
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${FIXTURE_ROLE}') THEN
              CREATE ROLE ${FIXTURE_ROLE} LOGIN;
            END IF;
            IF NOT pg_has_role('${FIXTURE_ROLE}', '${APP_ROLE}', 'MEMBER') THEN
              GRANT ${APP_ROLE} TO ${FIXTURE_ROLE};
            END IF;
            EXIT;
          EXCEPTION WHEN OTHERS THEN
            IF attempt = 20 THEN RAISE; END IF;
            PERFORM pg_sleep(0.05 * attempt); -- another test file's database is being made at once
          END;
        END LOOP;
      END
      $$`);
  } finally {
    await admin.end();
  }
  return withRole(adminUrl, FIXTURE_ROLE);
}

/** A service's own login role on the database of `adminUrl`. */
export function serviceUrl(adminUrl: string, service: string): string {
  const role = dbRoleOf(service);
  if (!role) throw new Error(`no database role for ${service}`);
  return withRole(adminUrl, role);
}

/** A fresh, migrated database for one test file; drop() removes it. */
export async function createTestDatabase(
  extraMigrations: (new () => import('typeorm').MigrationInterface)[] = [],
): Promise<TestDatabase> {
  const name = `orderflow_test_${uniqueSuffix()}`;
  const base = new URL(TEST_ADMIN_URL_BASE);
  base.pathname = `/${name}`;
  const adminUrl = base.toString();
  await ensureDatabase(adminUrl);
  await migrate(adminUrl, [...platformMigrations, ...extraMigrations.filter((m) => !(platformMigrations as unknown[]).includes(m))]);
  const appUrl = await ensureFixtureRole(adminUrl);
  const dataSource = createDataSource(appUrl, { poolSize: 12, applicationName: 'orderflow-test' });
  await dataSource.initialize();
  return {
    name,
    adminUrl,
    appUrl,
    urlFor: (service) => serviceUrl(adminUrl, service),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const admin = new Client({ connectionString: TEST_ADMIN_URL_BASE });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A superuser connection to a test database, for what no application may do (tampering). */
export async function adminClient(db: TestDatabase): Promise<Client> {
  const client = new Client({ connectionString: db.adminUrl });
  await client.connect();
  return client;
}

export function testBus(clientId = 'orderflow-test'): MessageBus {
  return createKafkaBus({ brokers: TEST_KAFKA_BROKERS, clientId, logLevel: 'ERROR' });
}

/** Creates topics (contract names within a fresh namespace) and returns their physical names. */
export async function createTestTopics(
  bus: MessageBus,
  specs: { topic: string; partitions: number }[],
): Promise<void> {
  const admin = await bus.admin();
  try {
    await admin.ensureTopics(specs);
  } finally {
    await admin.disconnect();
  }
}
