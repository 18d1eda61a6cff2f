/**
 * npm run bench:query — the query API under a fixed request rate. A database of its own is filled
 * with realistic order histories (appended to the event store by many writers, as the services
 * would have), the query service runs as its own process over it and its projectors catch up;
 * then autocannon sends GET /orders/{id} (random seeded orders) and a list query
 * (GET /orders?limit=20&channel=...) at each rate of --rates, and the latency percentiles
 * (p50/p90/p99) and the rate achieved are printed per rate, with the query service's CPU and RSS.
 * Results go to bench/results/query-*.json.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createDataSource } from '@orderflow/platform';
import { bearer, issueApiKeyAt, REPO_ROOT, TEST_KAFKA_BROKERS, uniqueSuffix, waitFor } from '@orderflow/testing';
import { allMigrations } from '../tools/db/migrations';
import { writeResult } from './support';
import { createBenchDatabase } from './harness/database';
import { onCleanup, runBench, sleep } from './harness/lifecycle';
import { writeOrderHistories } from './harness/order-histories';
import { ResourceMeter } from './harness/proc';
import { buildServices, startCompiled } from './harness/service-process';
import { fixed, table } from './harness/stats';
import { freePort, healthy } from './harness/system';

const { values: opts } = parseArgs({
  options: {
    orders: { type: 'string', default: '20000' },
    rates: { type: 'string', default: '500,1500,3000' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string' },
    writers: { type: 'string', default: '8' },
    'pool-size': { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '1800' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log('npm run bench:query -- [--orders 20000] [--rates 500,1500,3000] [--seconds 15] [--connections N] [--writers 8] [--pool-size N] [--keep-db] [--timeout 1800]');
  process.exit(0);
}
const positive = (name: string, raw: string | undefined) => {
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`--${name}: expected a positive whole number, got ${String(raw)}`);
    process.exit(2);
  }
  return v;
};
const rates = opts.rates!.split(',').map((r) => positive('rates', r.trim()));
const seconds = positive('seconds', opts.seconds);
const log = (line: string) => console.log(`[bench:query] ${line}`);
const CHANNELS = ['webshop', 'app', 'marketplace'];

interface Run {
  target: string;
  rate: number;
  connections: number;
  seconds: number;
  requests: number;
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  queryService: { cpuSeconds: number; cpuSecondsPer1000Requests: number; rssMiB: number; maxRssMiB: number };
}

runBench('bench:query', positive('timeout', opts.timeout) * 1000, async () => {
  const db = await createBenchDatabase('query', allMigrations, { keep: opts['keep-db'], log });
  const writers = positive('writers', opts.writers);
  const dataSource = createDataSource(db.appUrl, { poolSize: writers + 2, applicationName: 'orderflow-bench-query-seed' });
  await dataSource.initialize();
  onCleanup('seed connections', async () => void (dataSource.isInitialized && (await dataSource.destroy())));

  const wanted = positive('orders', opts.orders);
  log(`seeding ${wanted} orders of realistic history (database ${db.name})`);
  const started = Date.now();
  const seeded = await writeOrderHistories(dataSource, { writers, ordersPerWave: 24, orders: wanted, onProgress: (s) => log(`  ${s.orders} orders, ${s.events} events`) });
  await dataSource.destroy();
  log(`seeded ${seeded.orders} orders (${seeded.events} events) in ${fixed((Date.now() - started) / 1000)} s`);

  buildServices();
  const port = await freePort();
  const logDir = resolve(REPO_ROOT, '.data/bench');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `query-service-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const service = startCompiled('apps/query-service/src/main.ts', {
    DATABASE_URL: db.urlFor('query-service'),
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    TOPIC_NAMESPACE: `bench${uniqueSuffix()}`,
    KAFKA_LOG_LEVEL: 'ERROR',
    PORT: String(port),
    // One key drives thousands of requests a second: what is measured is the read path, not the rate limit.
    API_RATE_LIMIT_PER_SECOND: '0',
    ...(opts['pool-size'] ? { DATABASE_POOL_SIZE: String(positive('pool-size', opts['pool-size'])) } : {}),
  }, logFile);
  onCleanup('query-service', async () => {
    const forced = setTimeout(() => void service.kill('SIGKILL'), 15_000);
    await service.kill('SIGTERM');
    clearTimeout(forced);
  });
  const url = `http://127.0.0.1:${port}`;
  const headers = bearer(await issueApiKeyAt(db.appUrl, 'auditor', {}, 'bench:query'));
  await service.waitForOutput(/ready on http/, 180_000);
  await waitFor('query-service healthy', () => healthy(url), { timeoutMs: 120_000, intervalMs: 250 });
  const catchUp = Date.now();
  await waitFor(
    'the projections to catch up with the seeded store',
    async () => {
      const res = await fetch(`${url}/projections`, { headers });
      const body = (await res.json()) as { projections: { lagEvents: number }[] };
      return body.projections.every((p) => p.lagEvents === 0);
    },
    { timeoutMs: 900_000, intervalMs: 1000 },
  );
  log(`projections caught up in ${fixed((Date.now() - catchUp) / 1000)} s`);

  const admin = new Client({ connectionString: db.adminUrl });
  await admin.connect();
  const ids = ((await admin.query(`SELECT order_id::text AS id FROM query.orders WHERE placed_at IS NOT NULL ORDER BY random() LIMIT 5000`)).rows as { id: string }[]).map((r) => r.id);
  await admin.end();
  if (ids.length === 0) throw new Error('the seeded database has no orders in the query projection');

  const targets = [
    { target: 'GET /orders/{id}', path: (i: number) => `/orders/${ids[i % ids.length]}` },
    { target: 'GET /orders?limit=20&channel=', path: (i: number) => `/orders?limit=20&channel=${CHANNELS[i % CHANNELS.length]}` },
  ];
  const pids = () => new Map([['query-service', service.child.pid!]]);
  const runs: Run[] = [];
  for (const t of targets) {
    await load(url, headers, t.path, 200, 3, 8); // warm-up: code paths compiled, connections open
    for (const rate of rates) {
      const connections = opts.connections ? positive('connections', opts.connections) : Math.min(200, Math.max(10, Math.ceil(rate / 10)));
      log(`${t.target} at ${rate} req/s for ${seconds} s over ${connections} connections`);
      const meter = new ResourceMeter(pids);
      meter.start();
      const result = await load(url, headers, t.path, rate, seconds, connections);
      const r = meter.stop()['query-service'];
      if (!service.running()) throw new Error(`the query service exited during the run; see ${logFile}`);
      const requests = result.requests.total;
      runs.push({
        target: t.target,
        rate,
        connections,
        seconds: result.duration,
        requests,
        achievedRate: requests / result.duration,
        latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        queryService: { cpuSeconds: r.cpuSeconds, cpuSecondsPer1000Requests: (r.cpuSeconds / Math.max(1, requests)) * 1000, rssMiB: r.rssMiB, maxRssMiB: r.maxRssMiB },
      });
      if (requests / result.duration < 0.95 * rate) {
        log(`  reached ${fixed(requests / result.duration, 0)} of ${rate} req/s: the service could not keep that rate over ${connections} connections (one request in flight each)`);
      }
      await sleep(1000);
    }
  }

  console.log(`\nquery API over ${seeded.orders} orders (${seeded.events} events)`);
  console.log(
    table(
      ['request', 'rate', 'achieved/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'CPU s/1000', 'max RSS MiB'],
      runs.map((r) => [
        r.target,
        r.rate,
        fixed(r.achievedRate, 0),
        fixed(r.latencyMs.p50, 1),
        fixed(r.latencyMs.p90, 1),
        fixed(r.latencyMs.p99, 1),
        fixed(r.latencyMs.max, 0),
        r.errors + r.timeouts,
        r.non2xx,
        fixed(r.queryService.cpuSecondsPer1000Requests, 2),
        fixed(r.queryService.maxRssMiB, 0),
      ]),
    ),
  );
  console.log('  (latency is measured from when autocannon sent each request; at a rate the service cannot keep, requests wait in autocannon instead)');
  const file = writeResult('query', { options: opts, database: db.name, seeded, runs });
  log(`results: ${file}`);
});

function load(
  url: string,
  headers: Record<string, string>,
  path: (i: number) => string,
  rate: number,
  duration: number,
  connections: number,
): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url,
    headers,
    connections,
    overallRate: rate,
    duration,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: path(i++) }),
      },
    ],
  });
}
