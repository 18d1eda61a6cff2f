import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventStore, NewEvent } from '@orderflow/event-store';
import { Client } from 'pg';
import { createTestDatabase, TEST_ADMIN_URL_BASE, TestDatabase, waitFor } from '@orderflow/testing';
import { checkPosition } from './consistency';
import { installProjectionSchema, uninstallProjectionSchema } from './install';
import { inventoryProjection } from './inventory/inventory.projection';
import { liveSubscriber } from './projection';
import { applyNextBatch, catchUpProjection, Projector } from './projector';
import { RebuildInProgressError, RebuildProgress, rebuildProjection } from './rebuild';
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

describe('projector and rebuild (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase([InstallProjections1732400050000]);
    store = new EventStore(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const onHand = async (sku: string): Promise<number> => {
    const [row] = (await db.dataSource.query(`SELECT coalesce(sum(on_hand), 0)::int AS n FROM query.inventory_stock WHERE sku = $1`, [
      sku,
    ])) as { n: number }[];
    return row.n;
  };

  it('never skips an event whose transaction commits after later events became visible', async () => {
    const sku = `SLOW-${randomUUID().slice(0, 8)}`;
    const projector = new Projector({ dataSource: db.dataSource, projection: inventoryProjection, idleDelayMs: 10 });
    projector.start();
    const slow = db.dataSource.createQueryRunner();
    await slow.connect();
    try {
      await projector.caughtUp();
      await slow.startTransaction();
      await store.append(`stock-${sku}`, [received(sku, 'WH-1', 1)], { expectedVersion: 'no_stream', tx: slow });
      const fast = await store.append(`stock-${sku}-fast`, [received(sku, 'WH-2', 10)], { expectedVersion: 'no_stream' });
      await projector.caughtUp();
      await projector.caughtUp();
      expect(await onHand(sku)).toBe(0); // a naive position > checkpoint reader would already show the 10
      expect((await checkPosition(db.dataSource, 'inventory', fast.positions[0])).reached).toBe(false);

      await slow.commitTransaction();
      await waitFor('both receipts projected', async () => (await onHand(sku)) === 11);
      expect((await checkPosition(db.dataSource, 'inventory', fast.positions[0])).reached).toBe(true);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
      await projector.stop();
    }
  });

  it('a catch-up waits out a transaction open in another database instead of stopping short of what was committed', async () => {
    const sku = `HORIZON-${randomUUID().slice(0, 8)}`;
    await catchUpProjection(db.dataSource, inventoryProjection);
    // Transaction ids are the cluster's: one open elsewhere holds back what the store hands out here.
    const elsewhere = new Client({ connectionString: TEST_ADMIN_URL_BASE });
    await elsewhere.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      await store.append(`stock-${sku}`, [received(sku, 'WH-1', 4)], { expectedVersion: 'no_stream' });
      const caughtUp = catchUpProjection(db.dataSource, inventoryProjection);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await onHand(sku)).toBe(0);
      await elsewhere.query('COMMIT');
      expect(await caughtUp).toBe(1);
      expect(await onHand(sku)).toBe(4);
    } finally {
      await elsewhere.end();
    }
  });

  it('runs one active projector among replicas; a standby takes over when it stops', async () => {
    const sku = `REPLICA-${randomUUID().slice(0, 8)}`;
    const options = { dataSource: db.dataSource, projection: inventoryProjection, idleDelayMs: 10, standbyRetryMs: 50 };
    const first = new Projector(options);
    const second = new Projector(options);
    first.start();
    await waitFor('the first projector to lead', () => first.isActive);
    second.start();
    try {
      await store.append(`stock-${sku}`, [received(sku, 'WH-1', 3)], { expectedVersion: 'no_stream' });
      await waitFor('the leader projected the receipt', async () => (await onHand(sku)) === 3);
      expect(second.isActive).toBe(false);

      await first.stop();
      await waitFor('the standby to take over', () => second.isActive);
      await store.append(`stock-${sku}`, [received(sku, 'WH-1', 4)], { expectedVersion: 1 });
      await waitFor('the standby projected the next receipt', async () => (await onHand(sku)) >= 7);
      expect(await onHand(sku)).toBe(7); // applied once each: the checkpoint moved with the tables
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('rebuilds while events keep arriving and the live projector keeps running, then continues without applying anything twice', async () => {
    const sku = `REBUILD-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 30; i++) await store.append(`stock-${sku}-${i}`, [received(sku, `WH-${i % 3}`, 1)], { expectedVersion: 'no_stream' });
    const projector = new Projector({ dataSource: db.dataSource, projection: inventoryProjection, idleDelayMs: 5 });
    projector.start();
    let writing = true;
    let written = 30;
    const writer = (async () => {
      while (writing) {
        await store.append(`stock-${sku}-late${written}`, [received(sku, 'WH-9', 1)], { expectedVersion: 'no_stream' });
        written += 1;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const progress: RebuildProgress[] = [];
    try {
      await projector.caughtUp();
      const [result] = await rebuildProjection(db.dataSource, 'inventory', (p) => progress.push(p), { batchSize: 7 });
      writing = false;
      await writer;
      await waitFor('every receipt projected', async () => (await onHand(sku)) >= written);
      expect(await onHand(sku)).toBe(written);
      expect(result.projection).toBe('inventory');
      expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['rebuilding', 'swapping', 'done']));
      const last = progress[progress.length - 1];
      expect(last.eventsDone).toBeGreaterThanOrEqual(last.totalEvents);
      const tables = (await db.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'query' ORDER BY 1`,
      )) as { table_name: string }[];
      expect(tables.map((t) => t.table_name).filter((t) => t.includes('__'))).toEqual([]);
      const indexes = (await db.dataSource.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'query'`)) as { indexname: string }[];
      expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['inventory_stock_pkey', 'inventory_backorders_sku_placed_at_idx']));
    } finally {
      writing = false;
      await writer;
      await projector.stop();
    }
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    try {
      const { advisoryLockKey: advisoryKey } = await import('@orderflow/event-store');
      await holder.query(`SELECT pg_advisory_lock($1::bigint)`, [advisoryKey('rebuild:inventory')]);
      await expect(rebuildProjection(db.dataSource, 'inventory')).rejects.toBeInstanceOf(RebuildInProgressError);
      const [status] = (await projectionStatuses(db.dataSource)).filter((s) => s.name === 'inventory');
      expect(status.state).toBe('live');
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      await holder.release();
    }
  });

  it('reports lag in events and seconds until the projection catches up', async () => {
    await catchUpProjection(db.dataSource, inventoryProjection);
    const clocked = new EventStore(db.dataSource, () => new Date(Date.now() - 60_000));
    const sku = `LAG-${randomUUID().slice(0, 8)}`;
    await clocked.append(`stock-${sku}`, [received(sku, 'WH-1', 1), received(sku, 'WH-1', 1)], { expectedVersion: 'no_stream' });
    // Visible once no older writing transaction is in flight anywhere on the server.
    const behind = await waitFor('both events visible as lag', async () => {
      const status = (await projectionStatuses(db.dataSource)).find((s) => s.name === 'inventory')!;
      return status.lagEvents === 2 && status.headPosition > status.checkpoint.position ? status : undefined;
    });
    expect(behind.lagEvents).toBe(2);
    expect(behind.lagSeconds).toBeGreaterThanOrEqual(59);
    expect(behind.headPosition).toBeGreaterThan(behind.checkpoint.position);

    let applied = 0;
    await waitFor('the two late events applied', async () => (applied += await applyNextBatch(db.dataSource, inventoryProjection)) >= 2);
    expect(applied).toBe(2);
    const caughtUp = (await projectionStatuses(db.dataSource)).find((s) => s.name === 'inventory')!;
    expect(caughtUp).toMatchObject({ lagEvents: 0, lagSeconds: 0, checkpoint: { position: caughtUp.headPosition } });
    const [cp] = (await db.dataSource.query(`SELECT global_position FROM checkpoints WHERE subscriber = $1`, [
      liveSubscriber('inventory'),
    ])) as { global_position: string }[];
    expect(Number(cp.global_position)).toBe(caughtUp.headPosition);
  });
});
