import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventStore, NewEvent, withTransaction } from '@orderflow/event-store';
import { catchUpProjection, installProjectionSchema, PROJECTIONS, uninstallProjectionSchema } from '@orderflow/projections';
import { createTestDatabase, spawnTs, TestDatabase, waitFor } from '@orderflow/testing';

class InstallProjections1732400050000 implements MigrationInterface {
  name = 'InstallProjections1732400050000';
  up(q: QueryRunner) {
    return installProjectionSchema(q);
  }
  down(q: QueryRunner) {
    return uninstallProjectionSchema(q);
  }
}

const received = (sku: string, warehouseId: string): NewEvent => ({ eventId: randomUUID(), type: 'StockReceived', data: { sku, warehouseId, quantity: 1 } });

describe('orderflow projections rebuild (real PostgreSQL, the CLI as a process)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([InstallProjections1732400050000]);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('prints the events it replayed, the checkpoint it reached and the rows it swapped in, across many batches', async () => {
    const store = new EventStore(db.dataSource);
    // Three writers, overlapping transactions of 40 streams with 5 receipts each: 1,800 events.
    await Promise.all(
      [0, 1, 2].map((w) =>
        (async () => {
          for (let t = 0; t < 3; t++) {
            await withTransaction(db.dataSource, (tx) =>
              store.appendIn(
                tx,
                Array.from({ length: 40 }, (_, s) => ({
                  streamId: `stock-CLI-${w}-${t}-${s}`,
                  events: Array.from({ length: 5 }, () => received(`CLI-${s % 25}`, `WH-${w}`)),
                  expectedVersion: 'no_stream' as const,
                })),
              ),
            );
          }
        })(),
      ),
    );
    await waitFor('every event projected live', async () => {
      for (const p of Object.values(PROJECTIONS)) await catchUpProjection(db.dataSource, p);
      const [row] = (await db.dataSource.query(`SELECT coalesce(sum(received), 0)::int AS n FROM query.inventory_stock`)) as { n: number }[];
      return row.n === 1800;
    });
    const [{ position }] = (await db.dataSource.query(`SELECT global_position AS position FROM checkpoints WHERE subscriber = 'projection:inventory'`)) as {
      position: string;
    }[];

    const cli = spawnTs('apps/cli/src/main.ts', { DATABASE_URL: db.appUrl }, ['projections', 'rebuild', 'all', '--batch-size', '100']);
    const { code } = await cli.exited();

    expect([code, cli.output()]).toEqual([
      0,
      expect.stringMatching(
        new RegExp(
          `rebuild inventory: 1800 events replayed up to the live checkpoint at position ${position}; ` +
            `swapped in 75 inventory_stock, 0 inventory_backorders, 0 inventory_warehouses`,
        ),
      ),
    ]);
    expect(cli.output()).toMatch(/rebuild orders: 1800 events replayed up to the live checkpoint at position \d+; swapped in 0 orders, 0 order_lines/);
  });

  it('refuses a batch size that is not a whole number of events', async () => {
    const cli = spawnTs('apps/cli/src/main.ts', { DATABASE_URL: db.appUrl }, ['projections', 'rebuild', 'inventory', '--batch-size', 'lots']);
    const { code } = await cli.exited();
    expect([code, cli.output().trim()]).toEqual([2, 'orderflow: --batch-size: expected a whole number of events of at least 1, got "lots"']);
  });
});
