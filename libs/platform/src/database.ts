import { DataSource, MigrationInterface } from 'typeorm';
import { Client } from 'pg';

type MigrationClass = new () => MigrationInterface;

export function createDataSource(
  url: string,
  options: { poolSize?: number; applicationName?: string; migrations?: MigrationClass[]; migrationsTableName?: string } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    entities: [],
    migrations: options.migrations ?? [],
    migrationsTableName: options.migrationsTableName ?? 'migrations',
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'orderflow',
      // A server that does not answer (a dead route, a paused VM) fails a connection attempt within
      // seconds, so callers see a transient failure and wait it out instead of hanging.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  });
}

/** Creates the database named in the URL if it does not exist (needs a role allowed to). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Applies migrations as the schema owner, each in its own transaction. */
export async function migrate(
  adminUrl: string,
  migrations: MigrationClass[],
  migrationsTableName = 'migrations',
): Promise<string[]> {
  const ds = createDataSource(adminUrl, { poolSize: 1, migrations, migrationsTableName, applicationName: 'orderflow-migrate' });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** The same database as `url`, reached as another role. */
export function withRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}
