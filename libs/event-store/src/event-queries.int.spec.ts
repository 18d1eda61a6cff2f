import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { backlogAfter, countEvents, readEventsNaming, storedHead, storedPosition, streamVersions } from './event-queries';
import { EventStore } from './event-store';
import { Tx } from './transaction';
import { NewEvent, START_OF_STREAM } from './types';

const about = (orderId: string, type = 'Noted'): NewEvent => ({ eventId: randomUUID(), type, data: { orderId } });

/** Runs `work` in a transaction that stays open until the returned `end` is called. */
async function openTransaction(db: TestDatabase, work: (tx: Tx) => Promise<unknown>): Promise<{ end: () => Promise<void> }> {
  const tx = db.dataSource.createQueryRunner();
  await tx.connect();
  await tx.startTransaction();
  await work(tx);
  return {
    end: async () => {
      await tx.commitTransaction();
      await tx.release();
    },
  };
}

describe("the store's reads beyond streams (real PostgreSQL)", () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('counts, heads and stream versions of an empty store and of one with events', async () => {
    expect([await storedHead(db.dataSource), await countEvents(db.dataSource), await storedPosition(db.dataSource, 1)]).toEqual([0, 0, { stored: false, head: 0 }]);
    expect(await streamVersions(db.dataSource, ['ledger-a'])).toEqual(new Map([['ledger-a', 0]]));

    const order = randomUUID();
    await store.append('ledger-a', [about(order), about(order)], { expectedVersion: 'no_stream' });
    const { positions } = await store.append('ledger-b', [about(order)], { expectedVersion: 'no_stream' });
    const [first] = await store.readStream('ledger-a');
    const [last] = await store.readStream('ledger-b');

    expect(await storedHead(db.dataSource)).toBe(positions[0]);
    expect(await storedPosition(db.dataSource, positions[0])).toEqual({ stored: true, head: positions[0] });
    expect(await countEvents(db.dataSource)).toBe(3);
    expect(await countEvents(db.dataSource, first)).toBe(1);
    expect(await streamVersions(db.dataSource, ['ledger-a', 'ledger-b', 'ledger-c'])).toEqual(
      new Map([
        ['ledger-a', 2],
        ['ledger-b', 1],
        ['ledger-c', 0],
      ]),
    );
    const backlog = await backlogAfter(db.dataSource, first);
    expect(backlog.events).toBe(2);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(await backlogAfter(db.dataSource, last)).toEqual({ events: 0, oldestAgeSeconds: 0 });
    expect((await backlogAfter(db.dataSource, START_OF_STREAM)).events).toBe(3);
  });

  it('reads the events naming an order gap-safely: nothing committed after a transaction still in flight', async () => {
    const order = randomUUID();
    await store.append('ledger-early', [about(order, 'Placed')], { expectedVersion: 'no_stream' });
    const inFlight = await openTransaction(db, (tx) => store.append('ledger-slow', [about(order, 'Slow')], { expectedVersion: 'no_stream', tx }));
    try {
      await store.append('ledger-late', [about(order, 'Late')], { expectedVersion: 'no_stream' });
      await store.append('ledger-other', [about(randomUUID(), 'Unrelated')], { expectedVersion: 'no_stream' });
      // 'Late' is committed but younger than 'Slow'; ('Placed' may wait too: the server's oldest
      // transaction in flight may be another database's.)
      const seen = (await readEventsNaming(db.dataSource, 'orderId', order)).map((e) => e.type);
      expect(seen.filter((type) => type !== 'Placed')).toEqual([]);
    } finally {
      await inFlight.end();
    }
    const all = await waitFor('every event naming the order readable', async () => {
      const read = await readEventsNaming(db.dataSource, 'orderId', order);
      return read.length === 3 && read;
    });
    expect(all.map((e) => e.type)).toEqual(['Placed', 'Slow', 'Late']);
    expect((await readEventsNaming(db.dataSource, 'orderId', order, { toRecordedAt: all[0].recordedAt })).map((e) => e.type)).toContain('Placed');
    await expect(readEventsNaming(db.dataSource, "orderId' OR true --", order)).rejects.toThrow(/not a data field name/);
  });
});
