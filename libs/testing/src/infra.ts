import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { APP_ROLE } from '@orderflow/event-store';
import { createDataSource, ensureDatabase, migrate, withRole } from '@orderflow/platform';
import { createKafkaBus, MessageBus } from '@orderflow/messaging';
import { platformMigrations } from '@orderflow/platform';

export const TEST_ADMIN_URL_BASE = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A short id unique to this run and process: databases and topics never collide across runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  /** The schema owner's URL (superuser here): what migrations and tamper tests use. */
  adminUrl: string;
  /** The application role's URL: what services use. */
  appUrl: string;
  /** A DataSource connected as the application role. */
  dataSource: DataSource;
  drop(): Promise<void>;
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
  const appUrl = withRole(adminUrl, APP_ROLE);
  const dataSource = createDataSource(appUrl, { poolSize: 12, applicationName: 'orderflow-test' });
  await dataSource.initialize();
  return {
    name,
    adminUrl,
    appUrl,
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
