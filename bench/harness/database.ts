import { Client } from 'pg';
import { MigrationInterface } from 'typeorm';
import { ensureDatabase, migrate } from '@orderflow/platform';
import { ensureFixtureRole, serviceUrl, TEST_ADMIN_URL_BASE, uniqueSuffix } from '@orderflow/testing';
import { onCleanup } from './lifecycle';

export interface BenchDatabase {
  name: string;
  /** The schema owner (superuser here): migrations, statistics, the checker's snapshots. */
  adminUrl: string;
  /** The fixture role (every service's rights): what the benchmark's own drivers and seeders use. */
  appUrl: string;
  /** A service's own role, as it connects in production. */
  urlFor(service: string): string;
}

/**
 * A database of the benchmark's own on the shared server, migrated, dropped when the benchmark
 * ends (unless kept), so nobody else's data is read or disturbed.
 */
export async function createBenchDatabase(
  bench: string,
  migrations: (new () => MigrationInterface)[],
  { keep = false, log = (_line: string) => undefined }: { keep?: boolean; log?: (line: string) => void } = {},
): Promise<BenchDatabase> {
  const name = `orderflow_bench_${bench}_${uniqueSuffix()}`;
  const base = new URL(TEST_ADMIN_URL_BASE);
  base.pathname = `/${name}`;
  const adminUrl = base.toString();
  await ensureDatabase(adminUrl);
  onCleanup(`database ${name}`, async () => {
    if (keep) return log(`database ${name} kept (--keep-db)`);
    await dropDatabase(name);
  });
  await migrate(adminUrl, migrations);
  return { name, adminUrl, appUrl: await ensureFixtureRole(adminUrl), urlFor: (service) => serviceUrl(adminUrl, service) };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_URL_BASE });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
