import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countEvents } from '@orderflow/event-store';
import { OrderDocument } from '@orderflow/projections';
import { adminClient, waitFor } from '@orderflow/testing';
import { orderflow } from './support/cli';
import { TestSystem } from './support/system';
import { fetchHonouringRetryAfter } from '@orderflow/platform';

/**
 * Everything at once, as `npm start` runs it: the four services and the query service as processes,
 * the simulator playing every outside party, then the operator's and the auditor's questions.
 */
describe('the whole system under a simulated day', () => {
  let system: TestSystem;
  let queryUrl: string;
  const reportFile = join(mkdtempSync(join(tmpdir(), 'orderflow-sim-')), 'report.json');
  const api = async <T = Record<string, unknown>>(path: string) => {
    // As a client should: a 429 (over the key's rate: the reader below asks as fast as it can) is waited out.
    const res = await fetchHonouringRetryAfter(`${queryUrl}${path}`, { headers: await system.auth('auditor') });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service']);
    queryUrl = system.services.get('query-service')!.url;
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('a seeded simulation ends with every order consistent with what the outside parties sent', async () => {
    const run = await orderflow(
      system,
      ['simulate', '--rate', '8', '--duration', '10', '--seed', 'e2e-7', '--drain', '60', '--pace', '0.5', '--verify', '--return-rate', '0.4', '--report', reportFile],
      // The admin key registers the made-to-order product the simulated factory makes (docs/adr/0039).
      { QUERY_URL: queryUrl, ORDERFLOW_API_KEY: await system.key('operator'), ORDERFLOW_ADMIN_KEY: await system.key('admin'), ORDER_SERVICE_URL: system.services.get('order-service')!.url },
    );
    expect([run.code, run.stderr.slice(-3000)]).toEqual([0, expect.stringMatching(/verified \d+ orders and \d+ malformed messages: consistent/)]);
    const sent = /sent: (.*)/.exec(run.stderr)?.[1] ?? '';
    expect(sent).toMatch(/OrderSubmitted \d+/);
    expect(sent).toMatch(/TrackingUpdated \d+/);
    expect(sent).toMatch(/ProductionCompleted \d+/);
  });

  it("reports this week's sales as computed independently from what the channels sent", async () => {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      orders: { kind: string; currency: string; lines: { quantity: number; unitPriceMinor: number }[] }[];
    };
    const expected = new Map<string, { orders: number; units: number; revenueMinor: number; rejected: number }>();
    for (const o of report.orders) {
      const row = expected.get(o.currency) ?? { orders: 0, units: 0, revenueMinor: 0, rejected: 0 };
      if (o.kind === 'rejected') row.rejected += 1;
      else {
        row.orders += 1;
        row.units += o.lines.reduce((n, l) => n + l.quantity, 0);
        row.revenueMinor += o.lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
      }
      expected.set(o.currency, row);
    }
    const sales = await api<{ totals: { currency: string; orders: number; units: number; revenueMinor: number; rejected: number }[] }>(
      '/reports/sales?groupBy=channel',
    );
    expect(sales.status).toBe(200);
    const shown = Object.fromEntries(sales.body.totals.map((t) => [t.currency, { orders: t.orders, units: t.units, revenueMinor: t.revenueMinor, rejected: t.rejected }]));
    expect(shown).toEqual(Object.fromEntries(expected));
  });

  it('answers where an order is, what happened to it and when, from every service', async () => {
    const list = await api<{ orders: { orderId: string; status: string }[] }>('/orders?status=DELIVERED&limit=5');
    expect(list.status).toBe(200);
    expect(list.headers.get('x-projection-position')).toMatch(/^\d+$/);
    const [delivered] = list.body.orders;
    expect(delivered).toBeDefined();
    const timeline = await api<{ events: { type: string; service: string; position: number; recordedAt: string }[] }>(
      `/orders/${delivered.orderId}/timeline`,
    );
    const services = new Set(timeline.body.events.map((e) => e.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['inventory-service', 'order-service', 'shipping-service']));
    const positions = timeline.body.events.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // As of the moment it was confirmed, it was CONFIRMED (or further only if allocation was in the same instant).
    const confirmed = timeline.body.events.find((e) => e.type === 'OrderConfirmed')!;
    const then = await api<{ status: string }>(`/orders/${delivered.orderId}?asOf=${encodeURIComponent(confirmed.recordedAt)}`);
    expect(then.status).toBe(200);
    expect(['CONFIRMED', 'ALLOCATED', 'BACKORDERED']).toContain(then.body.status);
    const now = (await api(`/orders/${delivered.orderId}`)).body;
    expect(now).toMatchObject({ status: 'DELIVERED' });
    // What is served is what the OpenAPI document says: both come from the one schema.
    for (const served of [then.body, now]) expect(OrderDocument.safeParse(served).error?.issues).toBeUndefined();
  });

  it('rebuilds every projection into exactly the live state while reads go on', async () => {
    await waitFor('projections caught up', async () => {
      const { body } = await api<{ projections: { lagEvents: number }[] }>('/projections');
      return body.projections.every((p) => p.lagEvents === 0);
    });
    const before = await snapshotQueryTables(system);
    const some = await api<{ orders: { orderId: string }[] }>('/orders?limit=20');
    const ids = some.body.orders.map((i) => i.orderId);
    let reads = 0;
    const failures: string[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const id = ids[reads % ids.length];
        const [one, page] = await Promise.all([api(`/orders/${id}`), api<{ orders: unknown[] }>('/orders?limit=10')]);
        if (one.status !== 200) failures.push(`GET /orders/${id}: ${one.status}`);
        if (page.status !== 200 || page.body.orders.length === 0) failures.push(`GET /orders?limit=10: ${page.status}, ${page.body.orders?.length} orders`);
        reads += 1;
      }
    })();
    const rebuild = await orderflow(system, ['projections', 'rebuild', 'all']);
    reading = false;
    await reader;
    expect([rebuild.code, rebuild.stderr.slice(-1000)]).toEqual([0, expect.stringMatching(/swapped in/)]);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    const after = await snapshotQueryTables(system);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) expect([table, after[table]]).toEqual([table, before[table]]);
  });

  it('lets an auditor reconstruct an order, export the history and prove nothing was altered, until someone alters it', async () => {
    // A delivered order has a history of many events (a rejected one has two).
    const some = await api<{ orders: { orderId: string; channel: string; externalOrderId: string }[] }>('/orders?status=DELIVERED&limit=1');
    const order = some.body.orders[0];
    const history = await orderflow(system, ['audit', 'history', `${order.channel}:${order.externalOrderId}`, '--json']);
    expect(history.code).toBe(0);
    const parsed = JSON.parse(history.stdout) as { orderId: string; events: unknown[] };
    expect(parsed.orderId).toBe(order.orderId);
    expect(parsed.events.length).toBeGreaterThan(2);

    // The services go on recording (key use, delay checks) while the export runs: the export is
    // compared with the count of a store that did not change meanwhile.
    let exported: Awaited<ReturnType<typeof orderflow>>;
    let n: number;
    for (let tries = 1; ; tries++) {
      const before = await countEvents(system.db.dataSource);
      exported = await orderflow(system, ['audit', 'export', '--format', 'csv']);
      n = await countEvents(system.db.dataSource);
      if (n === before || tries === 10) break;
    }
    expect(exported.code).toBe(0);
    expect(exported.stdout.trimEnd().split('\r\n')).toHaveLength(n + 1);

    expect(await orderflow(system, ['audit', 'verify'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/chain intact/) });
    const su = await adminClient(system.db);
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(
        `UPDATE events SET data = jsonb_set(data, '{totalMinor}', '1') WHERE global_position = (SELECT min(global_position) FROM events WHERE event_type = 'OrderPlaced')`,
      );
    } finally {
      await su.end();
    }
    const verify = await orderflow(system, ['audit', 'verify']);
    expect(verify.code).toBe(3);
    expect(verify.stderr.trim()).toMatch(/^orderflow: chain broken at order-[0-9a-f-]+ version 1 \(position \d+, event [0-9a-f-]+\): hash does not match/);
  });
});

/** Every row of every projection table, as sorted JSON: equal snapshots mean identical tables. */
async function snapshotQueryTables(system: TestSystem): Promise<Record<string, string[]>> {
  const tables = (await system.db.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'query' AND table_name NOT LIKE '%\\_\\_%' ORDER BY table_name`,
  )) as { table_name: string }[];
  const out: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    if (table === 'projection_status') continue; // bookkeeping of the rebuild itself
    const rows = (await system.db.dataSource.query(`SELECT to_jsonb(t) AS row FROM query."${table}" t`)) as { row: unknown }[];
    out[table] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return out;
}
