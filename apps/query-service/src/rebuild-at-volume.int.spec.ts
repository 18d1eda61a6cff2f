import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CheckpointStore, GlobalCheckpoint, storedHead } from '@orderflow/event-store';
import { createDataSource } from '@orderflow/platform';
import { liveSubscriber, Projection, ProjectionName, PROJECTIONS, Projector, projectionStatuses, RebuildProgress, rebuildProjection, RebuildResult } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { TradingFloor } from '../test/concurrent-history';
import { queryMigrations } from './infrastructure/migrations';

const EVENTS = 200_000;

/** Rows in one and not the other, both ways (EXCEPT ALL keeps duplicates honest), for every table of a projection. */
async function differences(su: Client, schema: string, projection: Projection) {
  const out: Record<string, { atSwap: number; swappedIn: number; differing: number }> = {};
  for (const t of projection.tables) {
    const { rows } = await su.query(`
      SELECT (SELECT count(*) FROM ${schema}.${t})::int AS "atSwap", (SELECT count(*) FROM query.${t})::int AS "swappedIn",
             (SELECT count(*) FROM ((TABLE ${schema}.${t} EXCEPT ALL TABLE query.${t})
                                    UNION ALL (TABLE query.${t} EXCEPT ALL TABLE ${schema}.${t})) d)::int AS differing`);
    out[t] = rows[0];
  }
  return out;
}

/** Reads what a user would, over and over: each figure only ever grows, and no read may fail. */
function startReaders(ds: DataSource) {
  const figures = {
    orders: `SELECT count(*)::bigint AS n FROM query.orders`,
    timelineEntries: `SELECT count(*)::bigint AS n FROM query.order_events`,
    deliveredOrders: `SELECT count(*)::bigint AS n FROM query.orders WHERE status = 'DELIVERED'`,
    unitsReceived: `SELECT coalesce(sum(received), 0)::bigint AS n FROM query.inventory_stock`,
  };
  let running = true;
  const problems: string[] = [];
  const highest: Record<string, number> = {};
  let reads = 0;
  const loops = Object.entries(figures).map(async ([figure, sql]) => {
    highest[figure] = 0;
    while (running) {
      try {
        const [{ n }] = (await ds.query(sql)) as { n: string }[];
        reads += 1;
        if (Number(n) < highest[figure]) problems.push(`${figure} went down from ${highest[figure]} to ${n}`);
        highest[figure] = Math.max(highest[figure], Number(n));
      } catch (err) {
        problems.push(`${figure}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  return {
    problems,
    highest,
    reads: () => reads,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('rebuilding at volume: 200,000 events from 12 concurrent writers, with live projectors, writes and reads going on (real PostgreSQL)', () => {
  let db: TestDatabase;
  let writers: DataSource;
  let readers: DataSource;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    // Writers, readers and the projectors each have their own pool, as separate processes would.
    writers = await createDataSource(db.appUrl, { poolSize: 12, applicationName: 'rebuild-spec-writers' }).initialize();
    readers = await createDataSource(db.appUrl, { poolSize: 4, applicationName: 'rebuild-spec-readers' }).initialize();
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.end();
    await writers?.destroy();
    await readers?.destroy();
    await db?.drop();
  });

  it('replays every batch and swaps in tables equal row for row to the live ones at the moment of the swap; no read sees less', async () => {
    const live = new Map<ProjectionName, Projector>();
    const startLive = (name: ProjectionName) => {
      const projector = new Projector({ dataSource: db.dataSource, projection: PROJECTIONS[name], batchSize: 2000, idleDelayMs: 20 });
      projector.start();
      live.set(name, projector);
    };
    (Object.keys(PROJECTIONS) as ProjectionName[]).forEach(startLive);
    const checkpoints = new CheckpointStore(db.dataSource);
    const floor = new TradingFloor(writers, { desks: 12 });
    const reading = startReaders(readers);
    const atSwap = new Map<ProjectionName, GlobalCheckpoint>();
    const swapped = new Map<ProjectionName, { differences: Awaited<ReturnType<typeof differences>>; checkpoint: GlobalCheckpoint }>();
    let results: RebuildResult[] = [];
    const timings: Record<string, number> = {};
    try {
      let t = Date.now();
      await floor.open();
      await floor.until(EVENTS);
      timings.generationSeconds = (Date.now() - t) / 1000;
      timings.generated = floor.stats.events;
      // Writing goes on, slower, through the whole rebuild: still a dozen concurrent transactions.
      floor.setPace({ ordersPerWave: 1, pauseMs: 2000 });
      const positionOfLast = await storedHead(db.dataSource);
      t = Date.now();
      await waitFor(
        'the live projections past the generated history',
        async () => (await projectionStatuses(db.dataSource)).every((s) => s.checkpoint.position >= positionOfLast),
        { timeoutMs: 600_000, intervalMs: 250 },
      );
      timings.liveCatchUpSeconds = (Date.now() - t) / 1000;

      t = Date.now();
      results = await rebuildProjection(db.dataSource, 'all', async (p: RebuildProgress) => {
        if (p.phase === 'swapping') {
          // The moment of the swap: this projection's live projector stops where it is (the store
          // moves on without it), and its tables are copied aside as they stand.
          await live.get(p.projection)!.stop();
          atSwap.set(p.projection, await checkpoints.load(liveSubscriber(p.projection)));
          await su.query(`DROP SCHEMA IF EXISTS at_swap_${p.projection} CASCADE`);
          await su.query(`CREATE SCHEMA at_swap_${p.projection}`);
          for (const table of PROJECTIONS[p.projection].tables) await su.query(`CREATE TABLE at_swap_${p.projection}.${table} AS TABLE query.${table}`);
        }
        if (p.phase === 'done') {
          swapped.set(p.projection, {
            differences: await differences(su, `at_swap_${p.projection}`, PROJECTIONS[p.projection]),
            checkpoint: await checkpoints.load(liveSubscriber(p.projection)),
          });
          startLive(p.projection);
        }
      });
      timings.rebuildSeconds = (Date.now() - t) / 1000;

      const written = await floor.close();
      await waitFor('the live projections at the head of the store', async () => (await projectionStatuses(db.dataSource)).every((s) => s.lagEvents === 0), {
        timeoutMs: 300_000,
        intervalMs: 250,
      });
      await reading.stop();
      console.log(
        JSON.stringify({
          ...timings,
          written: written.events,
          orders: written.orders,
          writeTransactions: written.transactions,
          rebuilt: results.map((r) => ({ projection: r.projection, events: r.eventsApplied, seconds: r.seconds, eventsPerSecond: Math.round(r.eventsApplied / r.seconds), rows: r.rows })),
          reads: reading.reads(),
        }),
      );
    } finally {
      await reading.stop();
      await floor.close().catch(() => undefined);
      await Promise.all([...live.values()].map((p) => p.stop()));
    }

    const [inverted] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT global_position < lag(global_position) OVER (ORDER BY transaction_id, global_position) AS back FROM events) x WHERE back`,
    )) as { n: number }[];
    expect(inverted.n).toBeGreaterThan(100); // (transaction id) order is far from position order

    expect(reading.problems).toEqual([]);
    expect(reading.reads()).toBeGreaterThan(100);
    for (const r of results) {
      const at = swapped.get(r.projection)!;
      for (const [table, d] of Object.entries(at.differences)) {
        expect({ projection: r.projection, table, ...d }).toEqual({ projection: r.projection, table, atSwap: d.swappedIn, swappedIn: d.swappedIn, differing: 0 });
      }
      // Every event up to the live checkpoint, across many batches; the live projector resumed from the very same checkpoint.
      expect(r.eventsApplied).toBeGreaterThan(EVENTS);
      expect(at.checkpoint).toEqual(atSwap.get(r.projection));
      expect(r.checkpoint).toEqual(atSwap.get(r.projection));
      expect(r.rows).toEqual(Object.fromEntries(Object.entries(at.differences).map(([t, d]) => [t, d.swappedIn])));
    }
    expect(swapped.get('orders')!.differences.orders.swappedIn).toBeGreaterThan(10_000);

    // And the live projector went on from there, missing and doubling nothing.
    const [expected] = (await db.dataSource.query(`
      SELECT (SELECT count(DISTINCT data->>'orderId') FROM events WHERE event_type = 'OrderPlaced')::int AS orders,
             (SELECT count(*) FROM events WHERE data ? 'orderId')::int AS "timelineEntries",
             (SELECT coalesce(sum((data->>'quantity')::bigint), 0) FROM events WHERE event_type = 'StockReceived')::bigint AS "unitsReceived",
             (SELECT coalesce(sum((data->>'quantity')::bigint), 0) FROM events WHERE event_type = 'StockShipped')::bigint AS "unitsShipped"`)) as Record<string, string | number>[];
    const [projected] = (await db.dataSource.query(`
      SELECT (SELECT count(*) FROM query.orders)::int AS orders,
             (SELECT count(*) FROM query.order_events)::int AS "timelineEntries",
             (SELECT sum(received) FROM query.inventory_stock)::bigint AS "unitsReceived",
             (SELECT sum(shipped) FROM query.inventory_stock)::bigint AS "unitsShipped"`)) as Record<string, string | number>[];
    expect(projected).toEqual(expected);
  }, 1_200_000);
});
