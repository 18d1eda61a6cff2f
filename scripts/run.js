#!/usr/bin/env node
/**
 * The two commands of the README:
 *   npm start  - PostgreSQL and Kafka up, migrations, topics, every service started, then (unless
 *                --no-demo or DEMO=0) a simulator playing channels, warehouses and carriers;
 *                Ctrl-C stops all.
 *   npm test   - the same infrastructure, then through Nx every project's typecheck, lint and tests.
 * Plain JavaScript so it runs before anything is compiled.
 */
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const http = require('node:http');
const { Supervisor } = require('./supervisor');
const { build } = require('./build');
const { buildConsole } = require('./build-console');
const { ensureSecret } = require('./secrets');

const root = resolve(__dirname, '..');
const SERVICES = [
  { name: 'order-service', port: 3010 },
  { name: 'inventory-service', port: 3011 },
  { name: 'shipping-service', port: 3012 },
  { name: 'after-sales-service', port: 3013 },
  { name: 'query-service', port: 3000 },
  { name: 'ingest-gateway', port: 3001 },
];
const CONSOLE_PORT = Number(process.env.CONSOLE_PORT ?? 3020);
/**
 * The demo's sales channels (the simulator's six), so that every payment mode shows: two channels
 * authorise at confirmation and capture per shipment through the payment simulator, two invoice,
 * two are prepaid at their own checkout. Only here: the order service's default (every channel
 * prepaid) is what the tests rely on. An ORDER_CHANNELS in the environment replaces it.
 */
const DEMO_CHANNELS = {
  webshop: { currencies: ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'PLN'], paymentMode: 'authorize-capture' },
  app: { currencies: ['EUR', 'GBP', 'USD'], paymentMode: 'authorize-capture' },
  marketplace: { currencies: ['EUR', 'GBP', 'USD'], paymentMode: 'prepaid' },
  pos: { currencies: ['EUR', 'GBP'], paymentMode: 'prepaid' },
  phone: { currencies: ['EUR'], paymentMode: 'invoice' },
  email: { currencies: ['EUR'], paymentMode: 'invoice' },
};

/**
 * The demo's carriers: the shipping service's defaults and a same-day courier near the German
 * warehouses, whose couriers the simulator plays (docs/adr/0038). Only here, like DEMO_CHANNELS: the
 * tests rely on the defaults. Read from the build, so the defaults are written once.
 */
function demoCarriers() {
  const { DEFAULT_CARRIERS, CITY_COURIER } = require(resolve(root, 'dist/apps/shipping-service/src/domain/default-carriers.js'));
  return [...DEFAULT_CARRIERS, CITY_COURIER];
}

/** Where the simulator plays the demo webshop's webhook endpoint. */
const DEMO_WEBHOOK_PORT = Number(process.env.DEMO_WEBHOOK_PORT ?? 3030);

/** The gateway's WEBHOOKS_FILE for the demo: the webshop's endpoint, with the secret from its file. */
function demoWebhooksFile(secretFile) {
  const path = resolve(root, '.data', 'secrets', 'demo-webhooks.json');
  const secret = readFileSync(secretFile, 'utf8').trim();
  writeFileSync(path, JSON.stringify({ webshop: { url: `http://127.0.0.1:${DEMO_WEBHOOK_PORT}/orderflow`, secret } }), { mode: 0o600 });
  return path;
}

function step(title, command, args, env = {}) {
  console.log(`\n> ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    return false;
  }
  return true;
}

/** A package's command, found through its package.json "bin" (its "exports" may hide the file). */
function binOf(pkg, command = pkg) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = require(manifest);
  return resolve(dirname(manifest), typeof bin === 'string' ? bin : bin[command]);
}

/** A compiled entry point (see scripts/build.js): `apps/x/src/main.ts` runs as `dist/apps/x/src/main.js`. */
const compiled = (entry) => [process.execPath, ['--enable-source-maps', `dist/${entry.replace(/\.ts$/, '.js')}`]];

function kafkaRunning() {
  return spawnSync('bash', ['tools/kafka/kafka.sh', 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
}

/** Brings PostgreSQL and Kafka up; returns whether this run started Kafka (and so should stop it). */
function infrastructureUp() {
  if (!step('PostgreSQL', 'bash', ['scripts/postgres.sh'])) process.exit(1);
  const wasRunning = kafkaRunning();
  if (!step('Kafka (KRaft, from Maven Central jars)', 'bash', ['tools/kafka/kafka.sh', 'start'])) process.exit(1);
  return !wasRunning;
}

function kafkaStop() {
  spawnSync('bash', ['tools/kafka/kafka.sh', 'stop'], { cwd: root, stdio: 'inherit' });
}

function healthy(port, path = '/health') {
  return new Promise((res) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.on('timeout', () => (req.destroy(), res(false)));
  });
}

async function start() {
  console.log('\n> Build (TypeScript to dist/, only what changed)');
  build();
  console.log('\n> Operator console (Vite, only when its sources changed)');
  await buildConsole();
  const startedKafka = infrastructureUp();
  // Every service logs in as its own database role (ADR 23), with a password made once and kept in
  // .data/secrets/db-password-<service> (git-ignored); setup sets each role's password from its file.
  // A DATABASE_URL given in the environment brings its own credentials instead.
  const dbPasswords = process.env.DATABASE_URL
    ? {}
    : Object.fromEntries([...SERVICES.map((s) => s.name), 'cli'].map((name) => [name, ensureSecret(`db-password-${name}`)]));
  const dbEnv = (name) => (dbPasswords[name] ? { DATABASE_PASSWORD_FILE: dbPasswords[name] } : {});
  if (!step('Database and migrations', ...compiled('tools/db/setup.ts'), { ORDERFLOW_DB_PASSWORD_FILES: JSON.stringify(dbPasswords) })) process.exit(1);
  if (!step('Topics', ...compiled('tools/kafka/create-topics.ts'))) process.exit(1);
  console.log('\n> API keys for the demo (.data/secrets/demo-keys.json)');
  const keys = demoKeys(dbEnv('cli'));
  // The seals' key lives outside the database (ADR 19): made once, git-ignored, unless one is given.
  const auditKey = process.env.AUDIT_HMAC_KEY || process.env.AUDIT_HMAC_KEY_FILE ? {} : { AUDIT_HMAC_KEY_FILE: ensureSecret('audit-hmac-key') };
  // So is the master key of personal data (ADR 22), for the services that seal or open it.
  const piiKey = process.env.PII_MASTER_KEY || process.env.PII_MASTER_KEY_FILE ? {} : { PII_MASTER_KEY_FILE: ensureSecret('pii-master-key') };
  const PII_SERVICES = ['ingest-gateway', 'order-service', 'query-service'];
  // And the key of the snapshots' MACs (ADR 23), shared by the replicas of the deciding services.
  const snapshotKey = process.env.SNAPSHOT_KEY || process.env.SNAPSHOT_KEY_FILE ? {} : { SNAPSHOT_KEY_FILE: ensureSecret('snapshot-key') };
  const DECIDING_SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service'];

  // The demo's webshop takes its notifications by webhook too (docs/adr/0035): the simulator plays the
  // endpoint, and the gateway registers it from a WEBHOOKS_FILE (loopback, so private hosts are allowed).
  const demo = !process.argv.includes('--no-demo') && process.env.DEMO !== '0';
  const webhookSecret = demo ? ensureSecret('demo-webhook-secret') : undefined;
  const demoWebhooks = webhookSecret ? demoWebhooksFile(webhookSecret) : undefined;

  // Services write JSON lines; on a terminal they are made readable (ADR 27), unless LOG_FORMAT says otherwise.
  const logFormat = process.stdout.isTTY && !process.env.LOG_FORMAT ? { LOG_FORMAT: 'pretty' } : {};

  console.log('\n> Services');
  const supervisor = new Supervisor({
    log: (line) => console.error(`[supervisor] ${line}`),
    onGiveUp: () => shutdown(1),
  });
  for (const svc of SERVICES) {
    const [command, args] = compiled(`apps/${svc.name}/src/main.ts`);
    supervisor.start({
      name: svc.name,
      command,
      args,
      cwd: root,
      env: {
        PORT: String(svc.port),
        ...logFormat,
        ...dbEnv(svc.name),
        ...(svc.name === 'query-service' ? auditKey : {}),
        ...(PII_SERVICES.includes(svc.name) ? piiKey : {}),
        ...(DECIDING_SERVICES.includes(svc.name) ? snapshotKey : {}),
        ...(svc.name === 'order-service' && !process.env.ORDER_CHANNELS ? { ORDER_CHANNELS: JSON.stringify(DEMO_CHANNELS) } : {}),
        ...(svc.name === 'ingest-gateway' && demoWebhooks && !process.env.WEBHOOKS_FILE ? { WEBHOOKS_FILE: demoWebhooks, WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true' } : {}),
        ...(svc.name === 'shipping-service' && !process.env.SHIPPING_CARRIERS ? { SHIPPING_CARRIERS: JSON.stringify(demoCarriers()) } : {}),
      },
      healthy: () => healthy(svc.port),
      attach: prefixOutput(svc.name),
    });
  }

  // The payment provider orderflow talks to over payment.requests and payment.events: the simulator,
  // which declines the authorisations of orders whose externalOrderId starts with `decline-`.
  supervisor.start({
    name: 'payment-simulator',
    command: process.execPath,
    args: ['apps/cli/bin/orderflow.js', 'payments', 'simulate', '--delay-ms', '500'],
    cwd: root,
    settleMs: 10_000,
    attach: prefixOutput('payment-simulator'),
  });

  // The console: its own small server (the built pages and a proxy to the services' HTTP APIs).
  const [consoleCommand, consoleArgs] = compiled('apps/console/src/main.ts');
  supervisor.start({
    name: 'console',
    command: consoleCommand,
    args: consoleArgs,
    cwd: root,
    env: { PORT: String(CONSOLE_PORT) },
    healthy: () => healthy(CONSOLE_PORT),
    attach: prefixOutput('console'),
  });

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services...');
    await supervisor.stopAll();
    if (startedKafka) kafkaStop();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  const deadline = Date.now() + 120_000;
  for (const svc of SERVICES) {
    while (!(await healthy(svc.port))) {
      if (stopping) return;
      if (Date.now() > deadline) {
        console.error(`${svc.name} is not healthy after 120 s`);
        return shutdown(1);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  console.log('\norderflow is up:');
  for (const svc of SERVICES) console.log(`  ${svc.name.padEnd(20)} http://127.0.0.1:${svc.port}/health`);
  console.log(`
Operator console         http://127.0.0.1:${CONSOLE_PORT}/   (sign in with the operator key below)

Where to look:
  API documentation      http://127.0.0.1:3000/docs
  latest orders          http://127.0.0.1:3000/orders?limit=20
  an order's history     http://127.0.0.1:3000/orders/<orderId>/timeline
  stock                  http://127.0.0.1:3000/inventory?belowAvailable=10
  sales this week        http://127.0.0.1:3000/reports/sales?groupBy=day
  fulfilment             http://127.0.0.1:3000/reports/fulfillment
  payments               http://127.0.0.1:3000/reports/finance?groupBy=channel   (webshop and app authorise and capture, phone and email invoice)
  projections and lag    http://127.0.0.1:3000/projections
  HTTP ingestion         POST http://127.0.0.1:3001/v1/channel-orders
  notifications topic    channel.notifications (npx orderflow dlq list channel.orders shows dead letters)${demo ? `
  webhooks               the webshop's notifications are POSTed, signed, to the simulator (port ${DEMO_WEBHOOK_PORT}); log: GET http://127.0.0.1:3001/admin/channels/webshop/webhook/deliveries (admin key)` : ''}

Every route but /health and /docs needs a key (README, "Security"). Made for this demo:
  operator key   ${keys.operator}
  admin key      ${keys.admin}
  try            curl -H 'Authorization: Bearer ${keys.operator}' 'http://127.0.0.1:3000/orders?limit=5'
  more keys      npx orderflow keys create --role channel --channel webshop   (keys list, keys revoke <id>)
  audit          ${auditKey.AUDIT_HMAC_KEY_FILE ? `AUDIT_HMAC_KEY_FILE=${auditKey.AUDIT_HMAC_KEY_FILE} ` : ''}npx orderflow audit verify   (stream heads are sealed every minute)
  erasure        npx orderflow gdpr erase --customer <id>   (personal data is sealed per customer with ${piiKey.PII_MASTER_KEY_FILE ?? 'PII_MASTER_KEY(_FILE)'})`);

  if (demo) {
    console.log('\n> Demo: seeding warehouses and stock, then simulating channels, warehouses and carriers at 2 orders/s');
    console.log('  (npm start -- --no-demo, or DEMO=0, starts without it)');
    supervisor.start({
      name: 'simulator',
      command: process.execPath,
      args: ['apps/cli/bin/orderflow.js', 'simulate', '--rate', '2', '--duration', '0', '--seed', 'demo', '--webhook-port', String(DEMO_WEBHOOK_PORT), '--webhook-secret-file', webhookSecret],
      cwd: root,
      // The admin key registers the simulated factory's made-to-order products (docs/adr/0039).
      env: { ORDERFLOW_API_KEY: keys.operator, ORDERFLOW_ADMIN_KEY: keys.admin },
      settleMs: 10_000,
      attach: prefixOutput('simulator'),
    });
  }
  console.log('\nA service that dies is restarted (with backoff). Ctrl-C stops everything.');
}

/** The demo's operator and admin keys, issued on first start and kept in a git-ignored file. */
function demoKeys(env) {
  const [command, args] = compiled('tools/db/demo-keys.ts');
  const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error('\nAPI keys for the demo failed');
    process.exit(1);
  }
  return JSON.parse(r.stdout.toString().trim().split('\n').pop());
}

/** Forwards a child's output, each line prefixed with its name. */
function prefixOutput(name) {
  return (child) => {
    const prefix = `[${name}] `;
    const forward = (stream) => (chunk) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((line) => stream.write(prefix + line + '\n'));
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
  };
}

/**
 * Through Nx, project by project: typecheck and lint (two at a time), then each project's tests one
 * project at a time (the integration and end-to-end specs share one broker and database on a small
 * machine; Jest runs two workers inside each). Results are cached per project by their inputs
 * (nx.json), so a second run re-runs only what changed; NX_SKIP_NX_CACHE=true runs everything.
 * Arguments after `npm test --` go to every Jest run.
 */
function test() {
  const startedKafka = infrastructureUp();
  // Nx keeps its cache outside the clone (~/.nx): under CI every task runs, whatever ran here before.
  const cache = process.env.CI ? { NX_SKIP_NX_CACHE: 'true' } : {};
  const nx = (title, args) => step(title, process.execPath, [binOf('nx'), 'run-many', ...args], { NX_DAEMON: 'false', ...cache });
  const extra = process.argv.slice(3);
  const ok =
    nx('Typecheck and lint, per project', ['-t', 'typecheck,lint', '--parallel=2', '--outputStyle=static-failures-only']) &&
    nx('Tests (unit, integration, end-to-end), one project at a time', ['-t', 'test', '--parallel=1', '--outputStyle=stream', ...(extra.length ? ['--', ...extra] : [])]);
  if (startedKafka) kafkaStop();
  process.exit(ok ? 0 : 1);
}

const command = process.argv[2];
if (command === 'start') start();
else if (command === 'test') test();
else {
  console.error('usage: node scripts/run.js start|test');
  process.exit(2);
}
