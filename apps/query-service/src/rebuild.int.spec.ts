import { Client } from 'pg';
import { PROJECTIONS, RebuildProgress, rebuildProjection } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter, OrderScript, Scenario, writeRealisticHistory } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALL_TABLES = Object.values(PROJECTIONS).flatMap((p) => [...p.tables]);

/** Copies every projection table aside (as the superuser), to compare with what a rebuild produces. */
async function snapshot(su: Client, schema: string): Promise<void> {
  await su.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await su.query(`CREATE SCHEMA ${schema}`);
  for (const t of ALL_TABLES) await su.query(`CREATE TABLE ${schema}.${t} AS TABLE query.${t}`);
}

/** Rows in one and not the other, both ways (EXCEPT ALL keeps duplicates honest), per table. */
async function differences(su: Client, schema: string): Promise<Record<string, { before: number; after: number; differing: number }>> {
  const out: Record<string, { before: number; after: number; differing: number }> = {};
  for (const t of ALL_TABLES) {
    const [row] = (
      await su.query(`
        SELECT (SELECT count(*) FROM ${schema}.${t})::int AS before,
               (SELECT count(*) FROM query.${t})::int AS after,
               (SELECT count(*) FROM ((TABLE ${schema}.${t} EXCEPT ALL TABLE query.${t})
                                      UNION ALL (TABLE query.${t} EXCEPT ALL TABLE ${schema}.${t})) d)::int AS differing`)
    ).rows as { before: number; after: number; differing: number }[];
    out[t] = row;
  }
  return out;
}

describe('rebuilding projections (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let story: Scenario;
  let api: QueryApp;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(writer);
    await writer.flush();
    // The readers below are a load generator, far above a client's rate: they must not be throttled.
    api = await startQueryApp(db, { API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.end();
    await api?.close();
    await db?.drop();
  });

  it('a rebuild of every projection from position 0 equals the live tables row for row, with the same indexes', async () => {
    await snapshot(su, 'live_before');
    const indexes = `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'query' ORDER BY indexname`;
    const indexesBefore = (await su.query(indexes)).rows;
    const results = await rebuildProjection(db.dataSource, 'all', undefined, { batchSize: 40 });
    expect((await su.query(indexes)).rows).toEqual(indexesBefore);
    expect(results.map((r) => r.projection)).toEqual(['orders', 'inventory', 'payments', 'reports']);
    const diff = await differences(su, 'live_before');
    for (const [table, d] of Object.entries(diff)) {
      expect({ table, ...d }).toEqual({ table, before: d.after, after: d.after, differing: 0 });
    }
    expect(diff.orders.after).toBe(31);
    expect(diff.order_events.after).toBeGreaterThan(100);
    expect(diff.inventory_stock.after).toBeGreaterThan(3);
    expect(diff.inventory_backorders.after).toBe(2);
    const { body } = await api.get('/projections');
    expect(body.projections.map((p: D) => [p.name, p.state, p.rebuild?.state])).toEqual([
      ['orders', 'live', 'live'],
      ['inventory', 'live', 'live'],
      ['payments', 'live', 'live'],
      ['reports', 'live', 'live'],
    ]);
  });

  it('a rebuild whose replay may hold only two orders in memory (so orders are written, read back and replaced across batches) equals the live tables row for row', async () => {
    await snapshot(su, 'live_before_small');
    await rebuildProjection(db.dataSource, 'orders', undefined, { batchSize: 7, heldDocuments: 2 });
    const diff = await differences(su, 'live_before_small');
    for (const [table, d] of Object.entries(diff)) {
      expect({ table, ...d }).toEqual({ table, before: d.after, after: d.after, differing: 0 });
    }
    expect(diff.orders.after).toBe(31);
    expect(diff.order_refunds.after).toBeGreaterThan(0);
    expect(diff.order_complaints.after).toBeGreaterThan(0);
    expect(diff.order_return_lines.after).toBeGreaterThan(0);
  });

  it('swaps in a rebuild under a stream of reads and writes: no read fails or sees an empty table, nothing is lost or doubled', async () => {
    let running = true;
    const failures: string[] = [];
    let reads = 0;
    const checks: [string, (b: D) => boolean][] = [
      ['/orders?limit=50', (b) => b.orders?.length >= 31],
      [`/orders/${story.o1.orderId}`, (b) => b.orderNumber === 'OF-000001' && b.shipments.length === 2],
      [`/orders/${story.o2.orderId}/timeline`, (b) => b.events?.length > 10],
      ['/inventory/MUG-RED', (b) => b.warehouses?.length === 1],
      ['/inventory?belowAvailable=1000', (b) => b.items?.length >= 4],
      ['/shipments/OF-000001-1', (b) => b.status === 'DELIVERED'],
      [`/reports/sales?from=${story.day(0)}&to=${story.day(9)}`, (b) => b.groups?.length > 3],
      ['/projections', (b) => b.projections?.length === 4],
    ];
    const reader = async (offset: number) => {
      for (let i = offset; running; i++) {
        const [path, ok] = checks[i % checks.length];
        try {
          const { status, body } = await api.get(path);
          reads += 1;
          if (status !== 200 || !ok(body)) failures.push(`[${phases.length}:${phases[phases.length - 1]}] ${path}: ${status} ${JSON.stringify(body).slice(0, 120)}`);
        } catch (err) {
          failures.push(`${path}: ${(err as Error).message}`);
        }
      }
    };
    const written: OrderScript[] = [];
    const writerLoop = async () => {
      // At most 400 orders, so one page of the list below holds them all, however slow the machine.
      for (let k = 0; running && k < 400; k++) {
        const o = new OrderScript(writer, {
          channel: 'webshop',
          externalOrderId: `LIVE-${k}`,
          orderNumber: `OF-${String(5000 + k).padStart(6, '0')}`,
          currency: 'EUR',
          customerId: 'C-LIVE',
          lines: [{ sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1250 }],
          placedAt: new Date(),
          estimatedDeliveryDate: story.day(12),
        });
        o.placeAndConfirm();
        await writer.flush();
        written.push(o);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const progressViews: Promise<D>[] = [];
    const phases: RebuildProgress['phase'][] = [];
    const readers = [0, 1, 2, 3].map((n) => reader(n * 2));
    const writing = writerLoop();
    try {
      await rebuildProjection(
        db.dataSource,
        'all',
        (p) => {
          phases.push(p.phase);
          if (p.projection === 'orders' && p.phase === 'rebuilding' && p.eventsDone > 0 && progressViews.length === 0) {
            progressViews.push(api.get('/projections').then((r) => r.body));
          }
        },
        { batchSize: 25 },
      );
    } finally {
      running = false;
      await Promise.all([...readers, writing]);
    }
    await api.caughtUp();

    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(40);
    expect(written.length).toBeGreaterThan(3);
    expect(phases).toEqual(expect.arrayContaining(['rebuilding', 'swapping', 'done']));

    const during = (await progressViews[0]).projections.find((p: D) => p.name === 'orders');
    expect(during).toMatchObject({ state: 'rebuilding', rebuild: { state: 'rebuilding' } });
    expect(during.rebuild.eventsDone).toBeGreaterThan(0);
    expect(during.rebuild.totalEvents).toBeGreaterThan(during.rebuild.eventsDone);
    expect(during.rebuild.ratePerSecond).toBeGreaterThan(0);

    // Every order written during the rebuild is there exactly once, confirmed.
    const live = await api.get('/orders?customerId=C-LIVE&limit=500');
    expect(live.body.orders.map((o: D) => o.orderNumber).sort()).toEqual(written.map((o) => o.spec.orderNumber).sort());
    expect(live.body.orders.every((o: D) => o.status === 'CONFIRMED')).toBe(true);
    const stock = await api.get('/inventory/MUG-RED');
    expect(stock.body.warehouses[0].onHand).toBe(10 - 2 - 1 - 1); // received, O1, O5, the exchange; the new orders hold nothing

    // And what the swapped-in tables became under load equals one more quiet rebuild.
    await snapshot(su, 'after_swap');
    await rebuildProjection(db.dataSource, 'all');
    const diff = await differences(su, 'after_swap');
    for (const [table, d] of Object.entries(diff)) expect({ table, differing: d.differing, same: d.before === d.after }).toEqual({ table, differing: 0, same: true });
  });
});
