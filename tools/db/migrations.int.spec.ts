import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { allMigrations } from './migrations';

const root = join(__dirname, '../..');
/** TypeORM's reading of a migration class name: its last 13 digits. */
const timestampOf = (migration: { name: string }) => Number(/(\d{13})$/.exec(migration.name)?.[1]);

/** Every migration file an app has, by the class name its file declares. */
function appMigrationFiles(): string[] {
  return readdirSync(join(root, 'apps')).flatMap((app) => {
    const dir = join(root, 'apps', app, 'src/infrastructure/migrations');
    try {
      return readdirSync(dir).filter((f) => /^\d+-.+\.ts$/.test(f) && !f.endsWith('.spec.ts'));
    } catch {
      return [];
    }
  });
}

describe('every migration of the system', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('includes each migration file of every app, once', () => {
    const timestamps = allMigrations.map(timestampOf);
    const files = appMigrationFiles().map((f) => Number(f.slice(0, 13)));
    expect(files.length).toBeGreaterThan(10);
    expect(timestamps).toEqual(expect.arrayContaining(files));
    expect(new Set(timestamps).size).toBe(allMigrations.length);
  });

  it('applies to a new database in the order of their timestamps', async () => {
    db = await createTestDatabase(allMigrations);
    // As the schema owner: the services' roles may not read the migrations table.
    const admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ name: string }>('SELECT name FROM migrations ORDER BY id').finally(() => admin.end());
    const byTimestamp = [...allMigrations].sort((a, b) => timestampOf(a) - timestampOf(b));
    expect(rows.map((r) => r.name)).toEqual(byTimestamp.map((m) => m.name));
  });
});
