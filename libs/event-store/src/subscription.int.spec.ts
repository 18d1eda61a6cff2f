import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { EventStore } from './event-store';
import { subscribeToAll } from './subscription';
import { withTransaction } from './transaction';
import { START_OF_STREAM, StoredEvent } from './types';

describe('a subscription woken by append notifications (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** A subscription to one category that would poll only once a minute, with what it saw and every read it made. */
  const subscribeIdle = (category: string) => {
    const seen: StoredEvent[] = [];
    const reads = jest.spyOn(store, 'readAll');
    const subscription = subscribeToAll(store, {
      categories: [category],
      idleDelayMs: 60_000,
      loadCheckpoint: async () => START_OF_STREAM,
      handle: async (events) => {
        seen.push(...events);
      },
    });
    return { seen, reads, subscription };
  };

  it('sees a committed event at once although it would poll only once a minute, also one held back by an older open transaction', async () => {
    const category = `sub${randomUUID().slice(0, 8)}`;
    const { seen, reads, subscription } = subscribeIdle(category);
    try {
      await subscription.caughtUp();
      await new Promise((r) => setTimeout(r, 300)); // idle: it must not be reading now
      const idleReads = reads.mock.calls.length;
      await new Promise((r) => setTimeout(r, 1000));
      expect(reads.mock.calls.length).toBe(idleReads);

      await store.append(`${category}-1`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
      await waitFor('the first event handled', () => seen.length === 1, { timeoutMs: 5000 });

      // An older transaction holds the horizon: the notified event is readable only once it ends.
      await withTransaction(db.dataSource, async (older) => {
        await older.query(`SELECT pg_current_xact_id()`);
        await store.append(`${category}-2`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
        await new Promise((r) => setTimeout(r, 300));
        expect(seen).toHaveLength(1);
      });
      await waitFor('the held-back event handled soon after the older transaction ended', () => seen.length === 2, { timeoutMs: 5000 });
    } finally {
      await subscription.stop();
      reads.mockRestore();
    }
    expect(seen.map((e) => e.streamId)).toEqual([`${category}-1`, `${category}-2`]);
  });

  it('is not woken by appends to categories it does not read', async () => {
    const [mine, others] = [`sub${randomUUID().slice(0, 8)}`, `oth${randomUUID().slice(0, 8)}`];
    const { seen, reads, subscription } = subscribeIdle(mine);
    try {
      await subscription.caughtUp();
      await new Promise((r) => setTimeout(r, 300));
      const idleReads = reads.mock.calls.length;
      for (let i = 0; i < 20; i++) {
        await store.append(`${others}-${i}`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(reads.mock.calls.length).toBe(idleReads);
      await store.append(`${mine}-1`, [{ eventId: randomUUID(), type: 'Happened', data: {} }], { expectedVersion: 'no_stream' });
      await waitFor('its own category handled', () => seen.length === 1, { timeoutMs: 5000 });
    } finally {
      await subscription.stop();
      reads.mockRestore();
    }
  });
});
