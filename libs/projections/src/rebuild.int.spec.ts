import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { CheckpointStore, countEvents, EventStore, GlobalCheckpoint, NewEvent, ReplayPage, ReplayPageOptions, withTransaction } from '@orderflow/event-store';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { installProjectionSchema, uninstallProjectionSchema } from './install';
import { INVENTORY_TABLES, inventoryProjection } from './inventory/inventory.projection';
import { ORDER_TABLES, ordersProjection } from './orders/orders.projection';
import { liveSubscriber } from './projection';
import { catchUpProjection } from './projector';
import { RebuildShortReadError, rebuildProjection } from './rebuild';
import { projectionStatuses } from './status';

class InstallProjections1732400050000 implements MigrationInterface {
  name = 'InstallProjections1732400050000';
  up(q: QueryRunner) {
    return installProjectionSchema(q);
  }
  down(q: QueryRunner) {
    return uninstallProjectionSchema(q);
  }
}

const received = (sku: string, warehouseId: string, quantity: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'StockReceived',
  data: { sku, warehouseId, quantity },
});

/** A store whose global reads come back empty after a few batches, as a replay cut short would. */
class ShortReadingStore extends EventStore {
  private reads = 0;
  constructor(
    store: EventStore,
    private readonly fullReads: number,
  ) {
    super(store.dataSource);
  }
  override async readReplayPage(options: ReplayPageOptions): Promise<ReplayPage> {
    this.reads += 1;
    return this.reads > this.fullReads ? { events: [], covered: 0 } : super.readReplayPage(options);
  }
}

describe('rebuild swaps in exactly what the live projection shows (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let su: Client;
  const checkpoints = () => new CheckpointStore(db.dataSource);

  beforeAll(async () => {
    db = await createTestDatabase([InstallProjections1732400050000]);
    store = new EventStore(db.dataSource);
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.end();
    await db?.drop();
  });

  /**
   * Four writers append receipts to many streams in overlapping transactions, two statements each,
   * so the store's (transaction id) order is not its position order.
   */
  async function writeConcurrently(prefix: string, transactionsPerWriter: number): Promise<number> {
    let events = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let t = 0; t < transactionsPerWriter; t++) {
          await withTransaction(db.dataSource, async (tx) => {
            for (const part of [0, 1]) {
              const appends = [0, 1, 2].map((s) => ({
                streamId: `stock-${prefix}-${w}-${t}-${part}-${s}`,
                events: [received(`${prefix}-${s}`, `WH-${w}`, 1), received(`${prefix}-${s}`, `WH-${w}`, 2)],
                expectedVersion: 'no_stream' as const,
              }));
              await store.appendIn(tx, appends);
              events += 6;
              await new Promise((r) => setTimeout(r, 1));
            }
          });
        }
      }),
    );
    return events;
  }

  async function snapshotLive(schema: string, tables: readonly string[] = INVENTORY_TABLES): Promise<void> {
    await su.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await su.query(`CREATE SCHEMA ${schema}`);
    for (const t of tables) await su.query(`CREATE TABLE ${schema}.${t} AS TABLE query.${t}`);
  }

  /** Rows in one and not the other, both ways, per table (EXCEPT ALL keeps duplicates honest). */
  async function differences(schema: string, tables: readonly string[] = INVENTORY_TABLES): Promise<Record<string, { snapshot: number; live: number; differing: number }>> {
    const out: Record<string, { snapshot: number; live: number; differing: number }> = {};
    for (const t of tables) {
      const { rows } = await su.query(`
        SELECT (SELECT count(*) FROM ${schema}.${t})::int AS snapshot, (SELECT count(*) FROM query.${t})::int AS live,
               (SELECT count(*) FROM ((TABLE ${schema}.${t} EXCEPT ALL TABLE query.${t})
                                      UNION ALL (TABLE query.${t} EXCEPT ALL TABLE ${schema}.${t})) d)::int AS differing`);
      out[t] = rows[0];
    }
    return out;
  }

  const receivedUnits = async (prefix: string): Promise<number> => {
    const [row] = (await db.dataSource.query(`SELECT coalesce(sum(received), 0)::int AS n FROM query.inventory_stock WHERE sku LIKE $1`, [
      `${prefix}-%`,
    ])) as { n: number }[];
    return row.n;
  };

  it('replays every batch up to the live checkpoint, swaps in the same rows and leaves the checkpoint where it stood, though the store is ahead', async () => {
    const written = await writeConcurrently('EXACT', 12);
    await waitFor('every receipt visible and projected live', async () => {
      await catchUpProjection(db.dataSource, inventoryProjection);
      return (await receivedUnits('EXACT')) === (written / 2) * 3;
    });
    // More events the live projector has not applied yet: the store's visible head is ahead of it.
    const later = await writeConcurrently('LATER', 2);
    await waitFor('the later events visible', async () => (await store.readAll({ after: await checkpoints().load(liveSubscriber('inventory')) })).length === later);

    const standing = await checkpoints().load(liveSubscriber('inventory'));
    await snapshotLive('before_swap');
    const replayable = await countEvents(db.dataSource, standing);

    const [result] = await rebuildProjection(db.dataSource, 'inventory', undefined, { batchSize: 7 });

    const diff = await differences('before_swap');
    for (const [table, d] of Object.entries(diff)) expect({ table, ...d }).toEqual({ table, snapshot: d.live, live: d.live, differing: 0 });
    expect(diff.inventory_stock.live).toBeGreaterThan(3);
    expect(await checkpoints().load(liveSubscriber('inventory'))).toEqual(standing);
    expect(result).toMatchObject({ eventsApplied: replayable, checkpoint: standing, position: standing.globalPosition });
    expect(result.rows).toEqual(Object.fromEntries(Object.entries(diff).map(([t, d]) => [t, d.live])));
    expect(replayable / 7).toBeGreaterThan(20); // many batches, each crossing transactions

    // The live projector goes on from where it stood: the later events, once each.
    await catchUpProjection(db.dataSource, inventoryProjection);
    expect(await receivedUnits('LATER')).toBe((later / 2) * 3);
    expect(await receivedUnits('EXACT')).toBe((written / 2) * 3);
  });

  /** Transactions of four writers, each with events of three orders (a type no contract knows: a timeline entry and a count) and receipts. */
  async function writeOrdersAndReceipts(prefix: string, transactionsPerWriter: number): Promise<void> {
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let t = 0; t < transactionsPerWriter; t++) {
          await withTransaction(db.dataSource, async (tx) => {
            const orders = [0, 1, 2].map((o) => ({
              streamId: `order-${prefix}-${w}-${t}-${o}`,
              events: [0, 1].map(() => ({ eventId: randomUUID(), type: 'OrderNoted', data: { orderId: orderIds[(w * 7 + t + o) % orderIds.length] } })),
              expectedVersion: 'no_stream' as const,
            }));
            await store.appendIn(tx, orders);
            await new Promise((r) => setTimeout(r, 1));
            await store.appendIn(tx, [{ streamId: `stock-${prefix}-${w}-${t}`, events: [received(`${prefix}-${t % 3}`, `WH-${w}`, 1)], expectedVersion: 'no_stream' }]);
          });
        }
      }),
    );
  }
  const orderIds = Array.from({ length: 9 }, () => randomUUID());
  const countUpTo = (c: GlobalCheckpoint) => countEvents(db.dataSource, c);

  it('rebuilds projections that stand at different checkpoints in one pass over the store, each exactly to its own', async () => {
    await writeOrdersAndReceipts('MIXA', 6);
    await waitFor('the first orders visible and projected live', async () => {
      await catchUpProjection(db.dataSource, ordersProjection);
      const [{ n }] = (await db.dataSource.query(`SELECT coalesce(sum((doc->>'eventCount')::int), 0)::int AS n FROM query.orders`)) as { n: number }[];
      return n === 4 * 6 * 3 * 2;
    });
    await writeOrdersAndReceipts('MIXB', 6);
    await waitFor('every receipt projected live', async () => {
      await catchUpProjection(db.dataSource, inventoryProjection);
      return (await receivedUnits('MIXB')) === 4 * 6;
    });
    // Orders stand where MIXA ended, inventory after MIXB.
    const standing = { orders: await checkpoints().load(liveSubscriber('orders')), inventory: await checkpoints().load(liveSubscriber('inventory')) };
    expect(BigInt(standing.orders.transactionId)).toBeLessThan(BigInt(standing.inventory.transactionId));
    const tables = [...ORDER_TABLES, ...INVENTORY_TABLES];
    await snapshotLive('before_mixed', tables);

    const results = await rebuildProjection(db.dataSource, 'all', undefined, { batchSize: 5, heldDocuments: 3 }); // pages cut across transactions (of 7 events)

    const diff = await differences('before_mixed', tables);
    for (const [table, d] of Object.entries(diff)) expect({ table, ...d }).toEqual({ table, snapshot: d.live, live: d.live, differing: 0 });
    expect(diff.orders.live).toBe(orderIds.length);
    expect(diff.order_events.live).toBe(4 * 6 * 3 * 2);
    expect(await checkpoints().load(liveSubscriber('orders'))).toEqual(standing.orders);
    expect(await checkpoints().load(liveSubscriber('inventory'))).toEqual(standing.inventory);
    expect(results.map((r) => [r.projection, r.eventsApplied, r.checkpoint])).toEqual([
      ['orders', await countUpTo(standing.orders), standing.orders],
      ['inventory', await countUpTo(standing.inventory), standing.inventory],
      // Never run live here: they stand at the start of the store, and are rebuilt to just that.
      ['payments', 0, await checkpoints().load(liveSubscriber('payments'))],
      ['reports', 0, await checkpoints().load(liveSubscriber('reports'))],
    ]);
  });

  it('never swaps in less than the live projection shows: a replay that comes back short stops the rebuild and the live tables keep serving', async () => {
    await writeConcurrently('SHORT', 4);
    await waitFor('everything projected live', async () => (await catchUpProjection(db.dataSource, inventoryProjection)) === 0);
    const standing = await checkpoints().load(liveSubscriber('inventory'));
    await snapshotLive('before_short');

    await expect(
      rebuildProjection(db.dataSource, 'inventory', undefined, { batchSize: 7, store: new ShortReadingStore(store, 3) }),
    ).rejects.toBeInstanceOf(RebuildShortReadError);

    const diff = await differences('before_short');
    for (const [table, d] of Object.entries(diff)) expect({ table, ...d }).toEqual({ table, snapshot: d.live, live: d.live, differing: 0 });
    expect(await checkpoints().load(liveSubscriber('inventory'))).toEqual(standing);
    const tables = (await db.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'query'`)) as { table_name: string }[];
    expect(tables.map((t) => t.table_name).filter((t) => t.includes('__'))).toEqual([]);
    const [status] = (await projectionStatuses(db.dataSource)).filter((s) => s.name === 'inventory');
    expect(status.rebuild).toMatchObject({ state: 'failed' });
    expect(status.rebuild?.error).toContain('nothing was swapped');
  });
});
