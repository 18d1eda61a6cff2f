/**
 * npm run bench:rebuild — how fast `projections rebuild all` replays a big store, and whether what
 * it rebuilds equals what the live projectors made. A store of --events realistic order events
 * (default 1,000,000) is written by many concurrent writers with multi-stream appends while the
 * live projectors run alongside (as the query service's would); once they have caught up their
 * tables are copied aside, the rebuild runs (libs/projections rebuildProjection, or the operator's
 * CLI with --cli) and every projection table is compared with the copy row for row (EXCEPT ALL,
 * both ways). Prints events/s of generation, of each projection's rebuild and of the whole; exits
 * non-zero when a table differs. Results go to bench/results/rebuild-*.json. With --db, a store
 * kept by an earlier run (--keep-db) is rebuilt again and compared with that run's copy, without
 * writing a new one.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { countEvents } from '@orderflow/event-store';
import { PROJECTIONS, Projector, rebuildProjection, RebuildOptions, RebuildResult } from '@orderflow/projections';
import { createDataSource, withRole } from '@orderflow/platform';
import { FIXTURE_ROLE, REPO_ROOT, serviceUrl, TEST_ADMIN_URL_BASE } from '@orderflow/testing';
import { allMigrations } from '../tools/db/migrations';
import { writeResult } from './support';
import { BenchDatabase, createBenchDatabase } from './harness/database';
import { onCleanup, runBench } from './harness/lifecycle';
import { HistoryStats, writeOrderHistories } from './harness/order-histories';
import { fixed, table } from './harness/stats';

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    writers: { type: 'string', default: '12' },
    'orders-per-wave': { type: 'string', default: '24' },
    'batch-size': { type: 'string' },
    'held-documents': { type: 'string' },
    db: { type: 'string' },
    'live-batch-size': { type: 'string', default: '500' },
    cli: { type: 'boolean', default: false },
    'keep-db': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '7200' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(
    'npm run bench:rebuild -- [--events 1000000] [--writers 12] [--orders-per-wave 24] [--batch-size N (the rebuild\'s, its default unless given)] [--held-documents N (likewise)] [--live-batch-size 500 (the query service\'s default)] [--cli] [--keep-db] [--db NAME (rebuild a store kept by an earlier --keep-db run again)] [--timeout 7200]',
  );
  process.exit(0);
}
const num = (name: keyof typeof opts) => {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`--${name}: expected a positive whole number, got ${String(opts[name])}`);
    process.exit(2);
  }
  return v;
};
const log = (line: string) => console.log(`[bench:rebuild] ${line}`);
const SNAPSHOT_SCHEMA = 'bench_live';

runBench('bench:rebuild', num('timeout') * 1000, async () => {
  const writers = num('writers');
  const db = opts.db ? keptDatabase(opts.db) : await createBenchDatabase('rebuild', allMigrations, { keep: opts['keep-db'], log });
  const dataSource = createDataSource(db.appUrl, { poolSize: writers + 4, applicationName: 'orderflow-bench-rebuild' });
  await dataSource.initialize();
  onCleanup('connections', () => dataSource.destroy());
  const admin = new Client({ connectionString: db.adminUrl, application_name: 'orderflow-bench-rebuild-checker' });
  await admin.connect();
  onCleanup('checker connection', () => admin.end());

  // The live projectors, as the query service runs them (QUERY_PROJECTOR_BATCH_SIZE 500): while the store fills, and through the rebuild's swap.
  const projectors = Object.values(PROJECTIONS).map((projection) => new Projector({ dataSource, projection, batchSize: num('live-batch-size'), idleDelayMs: 200 }));
  projectors.forEach((p) => p.start());
  onCleanup('live projectors', () => Promise.all(projectors.map((p) => p.stop())).then(() => undefined));

  const store = opts.db ? await reuseStore(dataSource, admin) : await writeStore(dataSource, admin, db.name, writers, projectors);
  const { written, generationSeconds, liveCatchUpSeconds, stored, orders, tables } = store;

  const rebuildStarted = Date.now();
  let results: RebuildResult[] = [];
  const batchSize = opts['batch-size'] ? num('batch-size') : undefined;
  const rebuildOptions: RebuildOptions = { ...(batchSize ? { batchSize } : {}), ...(opts['held-documents'] ? { heldDocuments: num('held-documents') } : {}) };
  if (opts.cli) await runCli(['projections', 'rebuild', 'all', ...(batchSize ? ['--batch-size', String(batchSize)] : [])], { DATABASE_URL: db.urlFor('cli') });
  else {
    let lastLog = 0;
    results = await rebuildProjection(
      dataSource,
      'all',
      (p) => {
        if (p.phase !== 'rebuilding' || Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          log(`  ${p.projection}: ${p.phase} ${p.eventsDone}/${p.totalEvents} events, ${fixed(p.ratePerSecond, 0)} events/s`);
        }
      },
      rebuildOptions,
    );
  }
  const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;

  const comparison = await compareWithSnapshot(admin, tables);
  const differing = comparison.filter((c) => c.onlyLive + c.onlyRebuilt > 0);

  console.log(`\nrebuild of ${stored} events (${orders} orders)`);
  console.log(
    table(
      ['projection', 'events replayed', 'seconds', 'events/s'],
      [
        ...results.map((r) => [r.projection, r.eventsApplied, fixed(r.seconds, 2), fixed(r.eventsApplied / r.seconds, 0)]),
        ['all (store events / total time)', stored, fixed(rebuildSeconds, 2), fixed(Number(stored) / rebuildSeconds, 0)],
      ],
    ),
  );
  console.log(`\nrebuilt tables against the live projectors' tables`);
  console.log(table(['table', 'live rows', 'rebuilt rows', 'only live', 'only rebuilt'], comparison.map((c) => [c.table, c.liveRows, c.rebuiltRows, c.onlyLive, c.onlyRebuilt])));
  console.log(differing.length ? `\nDIFFERENT: ${differing.map((d) => d.table).join(', ')}` : '\nequal: every rebuilt table holds exactly the live rows');
  for (const d of differing) d.examples.forEach((e) => console.log(`  ${d.table}: ${e}`));

  const file = writeResult('rebuild', {
    options: opts,
    database: db.name,
    generation: written ? { ...written, storedEvents: Number(stored), seconds: generationSeconds, eventsPerSecond: written.events / generationSeconds, writers } : { reused: opts.db, storedEvents: Number(stored) },
    liveCatchUpSeconds,
    rebuild: { via: opts.cli ? 'orderflow projections rebuild all' : 'rebuildProjection(all)', seconds: rebuildSeconds, eventsPerSecond: Number(stored) / rebuildSeconds, projections: results },
    comparison,
    equal: differing.length === 0,
  });
  log(`results: ${file}`);
  if (differing.length) throw new Error(`rebuilt tables differ from the live ones: ${differing.map((d) => d.table).join(', ')}`);
});

interface Store {
  written?: HistoryStats;
  generationSeconds: number;
  liveCatchUpSeconds: number;
  stored: number;
  orders: number;
  /** The live tables copied aside, to compare the rebuilt ones with. */
  tables: string[];
}

/** Writes a store while the live projectors run, waits for them, and copies their tables aside. */
async function writeStore(dataSource: DataSource, admin: Client, name: string, writers: number, projectors: Projector[]): Promise<Store> {
  const events = num('events');
  log(`writing ${events} events with ${writers} concurrent writers (database ${name})`);
  const generationStarted = Date.now();
  const written = await writeOrderHistories(dataSource, {
    writers,
    ordersPerWave: num('orders-per-wave'),
    events,
    onProgress: (s) => log(`  ${s.events} events, ${s.orders} orders, ${fixed(s.events / ((Date.now() - generationStarted) / 1000), 0)} events/s`),
  });
  const generationSeconds = (Date.now() - generationStarted) / 1000;
  log(`wrote ${written.events} events (${written.orders} orders, ${written.transactions} transactions) in ${fixed(generationSeconds)} s: ${fixed(written.events / generationSeconds, 0)} events/s`);

  const catchUpStarted = Date.now();
  await Promise.all(projectors.map((p) => p.caughtUp()));
  const liveCatchUpSeconds = (Date.now() - catchUpStarted) / 1000;
  const stored = await countEvents(dataSource);
  log(`live projectors caught up ${fixed(liveCatchUpSeconds)} s after the last write; the store holds ${stored} events`);

  const tables = await snapshotLiveTables(admin);
  log(`copied ${tables.length} live tables aside (${SNAPSHOT_SCHEMA}); rebuilding all projections${opts.cli ? ' with the CLI' : ''}`);
  return { written, generationSeconds, liveCatchUpSeconds, stored, orders: written.orders, tables };
}

/** A store kept by an earlier run: its live checkpoints stand where that run's projectors left them, its copy is in SNAPSHOT_SCHEMA. */
async function reuseStore(dataSource: DataSource, admin: Client): Promise<Store> {
  const { rows } = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [SNAPSHOT_SCHEMA]);
  const tables = (rows as { table_name: string }[]).map((r) => r.table_name);
  if (tables.length === 0) throw new Error(`--db ${opts.db}: no copy of the live tables (${SNAPSHOT_SCHEMA}) to compare with; keep a database with --keep-db first`);
  const stored = await countEvents(dataSource);
  const [{ orders }] = (await admin.query(`SELECT count(*)::int AS orders FROM ${SNAPSHOT_SCHEMA}.orders`)).rows as { orders: number }[];
  log(`rebuilding the kept store of database ${opts.db} (${stored} events) and comparing with its copy (${SNAPSHOT_SCHEMA})`);
  return { generationSeconds: 0, liveCatchUpSeconds: 0, stored, orders, tables };
}

function keptDatabase(name: string): BenchDatabase {
  if (!/^orderflow_bench_rebuild_[a-z0-9]+$/.test(name)) throw new Error(`--db: expected the name of a database kept by bench:rebuild (orderflow_bench_rebuild_...), got ${name}`);
  const url = new URL(TEST_ADMIN_URL_BASE);
  url.pathname = `/${name}`;
  return { name, adminUrl: url.toString(), appUrl: withRole(url.toString(), FIXTURE_ROLE), urlFor: (service) => serviceUrl(url.toString(), service) };
}

/** Every projection table (the rebuild's own bookkeeping and shadow tables aside). */
async function projectionTables(admin: Client): Promise<string[]> {
  const { rows } = await admin.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'query' AND table_type = 'BASE TABLE' AND table_name <> 'projection_status' AND table_name NOT LIKE '%\\_\\_%'
      ORDER BY table_name`,
  );
  return (rows as { table_name: string }[]).map((r) => r.table_name);
}

async function snapshotLiveTables(admin: Client): Promise<string[]> {
  const tables = await projectionTables(admin);
  await admin.query(`DROP SCHEMA IF EXISTS ${SNAPSHOT_SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${SNAPSHOT_SCHEMA}`);
  for (const t of tables) await admin.query(`CREATE TABLE ${SNAPSHOT_SCHEMA}."${t}" AS TABLE query."${t}"`);
  return tables;
}

/** Rows only one side has, counted with multiplicity (EXCEPT ALL), compared as whole rows (jsonb). */
async function compareWithSnapshot(admin: Client, tables: string[]) {
  const now = await projectionTables(admin);
  const out: { table: string; liveRows: number; rebuiltRows: number; onlyLive: number; onlyRebuilt: number; examples: string[] }[] = [];
  for (const t of [...new Set([...tables, ...now])].sort()) {
    if (!tables.includes(t) || !now.includes(t)) {
      out.push({ table: t, liveRows: 0, rebuiltRows: 0, onlyLive: 0, onlyRebuilt: 1, examples: [`the table exists ${tables.includes(t) ? 'only live' : 'only rebuilt'}`] });
      continue;
    }
    const live = `SELECT to_jsonb(x) AS row FROM ${SNAPSHOT_SCHEMA}."${t}" x`;
    const rebuilt = `SELECT to_jsonb(y) AS row FROM query."${t}" y`;
    const { rows } = await admin.query(
      `SELECT (SELECT count(*) FROM ${SNAPSHOT_SCHEMA}."${t}")::bigint AS live_rows,
              (SELECT count(*) FROM query."${t}")::bigint AS rebuilt_rows,
              (SELECT count(*) FROM (${live} EXCEPT ALL ${rebuilt}) d)::bigint AS only_live,
              (SELECT count(*) FROM (${rebuilt} EXCEPT ALL ${live}) d)::bigint AS only_rebuilt`,
    );
    const r = rows[0] as Record<string, string>;
    const entry = { table: t, liveRows: Number(r.live_rows), rebuiltRows: Number(r.rebuilt_rows), onlyLive: Number(r.only_live), onlyRebuilt: Number(r.only_rebuilt), examples: [] as string[] };
    if (entry.onlyLive + entry.onlyRebuilt > 0) {
      const ex = await admin.query(
        `(SELECT 'live only: ' || row::text AS e FROM (${live} EXCEPT ALL ${rebuilt}) d LIMIT 2)
         UNION ALL (SELECT 'rebuilt only: ' || row::text FROM (${rebuilt} EXCEPT ALL ${live}) d LIMIT 2)`,
      );
      entry.examples = (ex.rows as { e: string }[]).map((x) => x.e.slice(0, 400));
    }
    out.push(entry);
  }
  return out;
}

function runCli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'apps/cli/bin/orderflow.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    onCleanup('orderflow CLI', async () => void child.kill('SIGTERM'));
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`orderflow ${args.join(' ')} exited ${code}`))));
  });
}
