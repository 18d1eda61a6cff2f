/**
 * npm run bench:webhooks — what a pass of the webhook dispatcher costs when a receiver has been
 * down for hours. Baseline: the dispatcher's read of due deliveries (`WebhookDeliveries.due`) with
 * nothing waiting behind a failing head. Candidate: the same read with a backlog of --backlog
 * deliveries (default 200,000) over --orders orders (20,000), every order's head failed once and in
 * backoff, and --due heads (2,000) due now. A dispatcher passes every 250 ms, so a read that grows
 * with the backlog would burn a core on a dead receiver; the ratio shows whether it does.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDataSource } from '@orderflow/platform';
import { WebhookDeliveries } from '../apps/ingest-gateway/test/webhook-deliveries';
import { allMigrations } from '../tools/db/migrations';
import { measure, report } from './support';
import { createBenchDatabase } from './harness/database';
import { onCleanup, runBench } from './harness/lifecycle';

const { values: opts } = parseArgs({
  options: {
    backlog: { type: 'string', default: '200000' },
    orders: { type: 'string', default: '20000' },
    due: { type: 'string', default: '2000' },
    passes: { type: 'string', default: '400' },
    timeout: { type: 'string', default: '900' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log('npm run bench:webhooks -- [--backlog 200000] [--orders 20000] [--due 2000] [--passes 400]');
  process.exit(0);
}

runBench('bench:webhooks', Number(opts.timeout) * 1000, async () => {
  const db = await createBenchDatabase('webhooks', allMigrations, { log: console.log });
  const ds = createDataSource(db.adminUrl, { poolSize: 2 });
  await ds.initialize();
  onCleanup('data source', () => ds.destroy());
  const deliveries = new WebhookDeliveries(ds);
  const passes = Number(opts.passes);
  const pass = async () => {
    for (let i = 0; i < passes; i++) await deliveries.due(new Date(), [], 8, 64);
  };
  await ds.query(`INSERT INTO webhook_endpoints (channel, url, secret_sealed, registered_by) VALUES ('webshop', 'https://shop.example/hook', 'x', 'bench'), ('app', 'https://app.example/hook', 'x', 'bench')`);
  const enqueue = (n: number, orders: number, offset = 0) =>
    ds.query(
      `INSERT INTO webhook_deliveries (channel, message_id, order_key, order_id, external_order_id, type, body)
       SELECT 'webshop', gen_random_uuid(), 'webshop:W-' || ((g + $3) % $2), gen_random_uuid(), 'W-' || ((g + $3) % $2), 'OrderConfirmed', '{}' FROM generate_series(1, $1) g`,
      [n, orders, offset],
    );

  // Baseline: a few orders, their heads due.
  await enqueue(Number(opts.due), Number(opts.due));
  await ds.query('ANALYZE webhook_deliveries');
  const baseline = await measure(`due() over ${opts.due} due heads, no backlog`, passes, pass);

  // Candidate: the heads of every order failed once (their followers then wait as long), a backlog behind them.
  await ds.query(`TRUNCATE webhook_deliveries CASCADE`);
  await enqueue(Number(opts.orders), Number(opts.orders));
  const retryAt = new Date(Date.now() + 10 * 60_000);
  const heads = (await ds.query(`SELECT id::text FROM webhook_deliveries ORDER BY id`)) as { id: string }[];
  await enqueue(Number(opts.backlog) - Number(opts.orders), Number(opts.orders));
  for (const [i, { id }] of heads.entries()) {
    const next = i < Number(opts.due) ? new Date(Date.now() - 1000) : retryAt;
    await deliveries.attemptFailed(id, 1, { at: new Date(), statusCode: 503, error: 'HTTP 503', durationMs: 3 }, next);
  }
  await ds.query('ANALYZE webhook_deliveries');
  const [{ pending }] = (await ds.query(`SELECT count(*)::int AS pending FROM webhook_deliveries WHERE status = 'pending'`)) as { pending: number }[];
  const candidate = await measure(`due() with ${pending} pending behind failing heads`, passes, pass);
  report('webhooks', baseline, candidate, { backlog: pending, orders: Number(opts.orders), due: Number(opts.due), runId: randomUUID() });
});
