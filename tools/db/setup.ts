import 'reflect-metadata';
import { ensureDatabase, migrate } from '@orderflow/platform';
import { allMigrations } from './migrations';

/**
 * Creates the orderflow database if needed and applies every migration as the schema owner.
 * Services then connect as the application role, which cannot alter stored events.
 */
async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/orderflow';
  const created = await ensureDatabase(adminUrl);
  const applied = await migrate(adminUrl, allMigrations);
  const db = new URL(adminUrl).pathname.slice(1);
  console.log(
    `database ${db}: ${created ? 'created' : 'exists'}; ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`,
  );
}

main().catch((err) => {
  console.error(`database setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
