import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from '@orderflow/testing';
import { Finding } from './checker';

/**
 * Rebuild equals live: snapshots every projection table, runs the operator's
 * `orderflow projections rebuild all` (replay into shadow tables, then swap), snapshots again and
 * reports, per table, the rows only the live tables had and the rows only the rebuilt ones have.
 */
export async function checkRebuildEqualsLive(
  db: DataSource,
  env: { DATABASE_URL: string; KAFKA_BROKERS: string; TOPIC_NAMESPACE: string },
): Promise<{ findings: Finding[]; rebuildSeconds: number; rows: number }> {
  const before = await snapshotQueryTables(db);
  const started = Date.now();
  const run = await orderflowCli(['projections', 'rebuild', 'all'], env);
  const rebuildSeconds = (Date.now() - started) / 1000;
  if (run.code !== 0) {
    return {
      rebuildSeconds,
      rows: 0,
      findings: [{ check: 'rebuild failed', count: 1, examples: [`exit ${run.code}: ${run.output.trim().split('\n').slice(-3).join(' | ')}`] }],
    };
  }
  const after = await snapshotQueryTables(db);
  const findings: Finding[] = [];
  let rows = 0;
  for (const table of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const live = new Set(before[table] ?? []);
    const rebuilt = new Set(after[table] ?? []);
    rows += live.size;
    const onlyLive = [...live].filter((r) => !rebuilt.has(r));
    const onlyRebuilt = [...rebuilt].filter((r) => !live.has(r));
    findings.push({
      check: `query.${table}: rows differing between live and rebuilt`,
      count: onlyLive.length + onlyRebuilt.length,
      examples: [...onlyLive.slice(0, 2).map((r) => `live only: ${r.slice(0, 300)}`), ...onlyRebuilt.slice(0, 2).map((r) => `rebuilt only: ${r.slice(0, 300)}`)],
    });
  }
  return { findings, rebuildSeconds, rows };
}

/** Every row of every projection table as JSON (the rebuild's own bookkeeping aside). */
async function snapshotQueryTables(db: DataSource): Promise<Record<string, string[]>> {
  const tables = (await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'query' AND table_name NOT LIKE '%\\_\\_%' ORDER BY table_name`,
  )) as { table_name: string }[];
  const out: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    if (table === 'projection_status') continue;
    const rows = (await db.query(`SELECT to_jsonb(t) AS row FROM query."${table}" t`)) as { row: unknown }[];
    out[table] = rows.map((r) => JSON.stringify(r.row));
  }
  return out;
}

function orderflowCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'apps/cli/bin/orderflow.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}
