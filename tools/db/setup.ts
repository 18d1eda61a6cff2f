import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { dbRoleOf } from '@orderflow/event-store';
import { ensureDatabase, migrate } from '@orderflow/platform';
import { allMigrations } from './migrations';

/**
 * Sets each service's database role's password (ADR 23) from the file `npm start` made for it:
 * ORDERFLOW_DB_PASSWORD_FILES is {"<service>": "<file>"}. Roles are the cluster's, so this runs
 * at every start: a password changed in its file takes effect at the next start.
 */
async function setPasswords(adminUrl: string, files: Record<string, string>): Promise<string[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const set: string[] = [];
    for (const [service, file] of Object.entries(files)) {
      const role = dbRoleOf(service);
      if (!role) throw new Error(`ORDERFLOW_DB_PASSWORD_FILES: no database role for ${service}`);
      const password = readFileSync(file, 'utf8').trim();
      if (!password) throw new Error(`${file} is empty`);
      // ALTER ROLE takes no parameters: the statement is built by the server, quoting both.
      const [{ sql }] = (await client.query(`SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`, [role, password])).rows;
      await client.query(sql);
      set.push(role);
    }
    return set;
  } finally {
    await client.end();
  }
}

/**
 * Creates the orderflow database if needed and applies every migration as the schema owner.
 * Services then connect as their own roles (ADR 23), none of which can alter stored events.
 */
async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/orderflow';
  const created = await ensureDatabase(adminUrl);
  const applied = await migrate(adminUrl, allMigrations);
  const passwords = await setPasswords(adminUrl, JSON.parse(process.env.ORDERFLOW_DB_PASSWORD_FILES || '{}'));
  if (passwords.length) console.log(`passwords of ${passwords.join(', ')}: set from .data/secrets/db-password-*`);
  const db = new URL(adminUrl).pathname.slice(1);
  console.log(
    `database ${db}: ${created ? 'created' : 'exists'}; ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`,
  );
}

main().catch((err) => {
  console.error(`database setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
