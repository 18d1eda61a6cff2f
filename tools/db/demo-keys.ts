import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createDataSource, databaseUrlOf, loadConfig, platformEnvSchema } from '@orderflow/platform';
import { ApiKeys, Role } from '@orderflow/security';

/**
 * The keys `npm start` hands a new user (docs/adr/0018): an operator key and an admin key, made for
 * the demo on first start and kept in a git-ignored file (.data/secrets/demo-keys.json, mode 0600),
 * so later starts print the same ones. A key that is gone from the database or was revoked is
 * issued again. Prints the keys as JSON on stdout, for the launcher.
 */
const FILE = resolve(process.cwd(), '.data/secrets/demo-keys.json');
const ROLES: Role[] = ['operator', 'admin'];

async function main(): Promise<void> {
  const file = process.env.DEMO_KEYS_FILE ?? FILE;
  // As the operators' CLI does: its role is the one that creates keys (ADR 23).
  const url = databaseUrlOf(loadConfig(platformEnvSchema), 'cli');
  const saved: Partial<Record<Role, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const dataSource = await createDataSource(url, { poolSize: 1, applicationName: 'orderflow-demo-keys' }).initialize();
  try {
    const keys = new ApiKeys(dataSource);
    const result: Partial<Record<Role, string>> = {};
    for (const role of ROLES) {
      const token = saved[role];
      const valid = token ? await keys.authenticate(token) : undefined;
      result[role] = valid?.role === role ? token : (await keys.create({ role, name: `demo ${role}`, actor: 'npm start' })).token;
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(result, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(`demo keys failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
