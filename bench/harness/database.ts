import { Client } from 'pg';
import { MigrationInterface } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';
import { ensureDatabase, migrate, withRole } from '@orderflow/platform';
import { TEST_ADMIN_URL_BASE, uniqueSuffix } from '@orderflow/testing';
import { onCleanup } from './lifecycle';

export interface BenchDatabase {
  name: string;
  /** The schema owner (superuser here): migrations, statistics, the checker's snapshots. */
  adminUrl: string;
  /** The application role, as every service connects. */
  appUrl: string;
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
  return { name, adminUrl, appUrl: withRole(adminUrl, APP_ROLE) };
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
