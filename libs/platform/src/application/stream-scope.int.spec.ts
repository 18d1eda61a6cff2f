import { randomUUID } from 'node:crypto';
import { Decider } from '@orderflow/decider';
import { ConcurrencyError, EventStore, SnapshotStore, withTransaction } from '@orderflow/event-store';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { StreamStateCache } from './stream-cache';
import { SNAPSHOT_EVERY_EVENTS, StreamScope } from './stream-scope';
import { UnitOfWork } from './unit-of-work';

type Counted = { type: 'Counted'; data: { by: number } };
const counter: Decider<{ total: number }, { by: number }, Counted> = {
  initialState: () => ({ total: 0 }),
  decide: (c) => [{ type: 'Counted', data: { by: c.by } }],
  evolve: (s, e) => ({ total: s.total + e.data.by }),
};
const SNAPSHOT = { schema: 'counter-v1' };

describe('units of work sharing one transaction (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const cause = () => {
    const messageId = randomUUID();
    return { messageId, correlationId: messageId, actor: 'test' };
  };

  it('100 messages on one hot stream: read once, decided in memory in order, written by one append at commit', async () => {
    const streamId = `stock-${randomUUID()}`;
    await store.append(streamId, [{ eventId: randomUUID(), type: 'Counted', data: { by: 1000 } }], { expectedVersion: 'no_stream' });
    const reads = jest.spyOn(store, 'readStream');
    const totals: number[] = [];
    await withTransaction(db.dataSource, async (tx) => {
      const scope = new StreamScope(tx, store);
      for (let i = 1; i <= 100; i++) {
        const uow = new UnitOfWork(tx, store, new Date(), cause(), scope);
        const { state } = await uow.execute(streamId, counter, { by: i }, SNAPSHOT);
        totals.push(state.total);
      }
      expect(await store.readStream(streamId, {}, tx)).toHaveLength(1); // nothing written yet
      await scope.flush();
    });
    expect(reads.mock.calls.filter(([id]) => id === streamId)).toHaveLength(2); // once by the scope, once by the check above
    reads.mockRestore();
    expect(totals.at(-1)).toBe(1000 + 5050);
    expect(totals).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + ((i + 1) * (i + 2)) / 2));
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(new Set(events.slice(1).map((e) => e.metadata.causationId)).size).toBe(100); // each message its own cause
    expect(await store.snapshots.load(db.dataSource, streamId, SNAPSHOT.schema)).toEqual({ version: 101, state: { total: 6050 } });
    expect((await store.verifyChain(streamId)).ok).toBe(true);
  });

  it('a stream written by someone else meanwhile makes the whole transaction a conflict, and nothing is written', async () => {
    const [hot, other] = [`stock-${randomUUID()}`, `reservation-${randomUUID()}`];
    await expect(
      withTransaction(db.dataSource, async (tx) => {
        const scope = new StreamScope(tx, store);
        await new UnitOfWork(tx, store, new Date(), cause(), scope).execute(other, counter, { by: 1 });
        await new UnitOfWork(tx, store, new Date(), cause(), scope).execute(hot, counter, { by: 2 });
        await store.append(hot, [{ eventId: randomUUID(), type: 'Counted', data: { by: 9 } }], { expectedVersion: 'no_stream' }); // another writer
        await scope.flush();
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(other)).toEqual([]);
    expect((await store.readStream(hot)).map((e) => e.data)).toEqual([{ by: 9 }]);
  });

  it('a stream loaded by two deciders sees the pending events of both', async () => {
    const streamId = `order-${randomUUID()}`;
    const doubler: typeof counter = { ...counter, evolve: (s, e) => ({ total: s.total + 2 * e.data.by }) };
    await withTransaction(db.dataSource, async (tx) => {
      const scope = new StreamScope(tx, store);
      await new UnitOfWork(tx, store, new Date(), cause(), scope).execute(streamId, counter, { by: 3 });
      const seen = await new UnitOfWork(tx, store, new Date(), cause(), scope).load(streamId, doubler);
      expect(seen).toEqual({ state: { total: 6 }, version: 1 });
      await scope.flush();
    });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  describe('with the stream cache of the process', () => {
    /** One transaction of units of work over a scope that shares `cache`, settled as the consumer settles it. */
    async function inTransaction(cache: StreamStateCache, work: (uow: () => UnitOfWork) => Promise<void>): Promise<void> {
      let scope: StreamScope | undefined;
      try {
        await withTransaction(db.dataSource, async (tx) => {
          const s = new StreamScope(tx, store, cache);
          scope = s;
          await work(() => new UnitOfWork(tx, store, new Date(), cause(), s));
          await s.flush();
        });
      } catch (err) {
        scope?.settled(false);
        throw err;
      }
      scope?.settled(true);
    }

    it('a hot stream is read once, then decided on from memory transaction after transaction', async () => {
      const cache = new StreamStateCache();
      const streamId = `stock-${randomUUID()}`;
      const reads = jest.spyOn(store, 'readStream');
      for (let i = 1; i <= 30; i++) await inTransaction(cache, (uow) => uow().execute(streamId, counter, { by: i }, SNAPSHOT).then(() => undefined));
      expect(reads.mock.calls.filter(([id]) => id === streamId)).toHaveLength(1);
      reads.mockRestore();
      const events = await store.readStream(streamId);
      expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(events.map((e) => (e.data as { by: number }).by)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await store.verifyChain(streamId)).ok).toBe(true);
    });

    it('a cached state another writer has moved on from is a conflict, and the retry decides on the stream as stored', async () => {
      const cache = new StreamStateCache();
      const streamId = `stock-${randomUUID()}`;
      await inTransaction(cache, (uow) => uow().execute(streamId, counter, { by: 1 }).then(() => undefined));
      await store.append(streamId, [{ eventId: randomUUID(), type: 'Counted', data: { by: 100 } }], { expectedVersion: 1 }); // another instance
      await expect(inTransaction(cache, (uow) => uow().execute(streamId, counter, { by: 2 }).then(() => undefined))).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      let total = 0;
      await inTransaction(cache, async (uow) => {
        total = (await uow().execute(streamId, counter, { by: 2 })).state.total;
      });
      expect(total).toBe(103);
      expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    });

    it('a decision made on a cached stream without appending to it holds only if the stream has not moved by commit', async () => {
      const cache = new StreamStateCache();
      const [watched, written] = [`stock-${randomUUID()}`, `reservation-${randomUUID()}`];
      await inTransaction(cache, (uow) => uow().execute(watched, counter, { by: 5 }).then(() => undefined));
      await store.append(watched, [{ eventId: randomUUID(), type: 'Counted', data: { by: -5 } }], { expectedVersion: 1 }); // another instance
      const decide = (uow: () => UnitOfWork) =>
        uow()
          .load(watched, counter)
          .then(({ state }) => uow().execute(written, counter, { by: state.total }))
          .then(() => undefined);
      await expect(inTransaction(cache, decide)).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(written)).toEqual([]);
      await inTransaction(cache, decide);
      expect((await store.readStream(written)).map((e) => e.data)).toEqual([{ by: 0 }]);
    });

    it('what a rolled-back transaction decided is forgotten', async () => {
      const cache = new StreamStateCache();
      const streamId = `order-${randomUUID()}`;
      await inTransaction(cache, (uow) => uow().execute(streamId, counter, { by: 1 }).then(() => undefined));
      await expect(
        inTransaction(cache, async (uow) => {
          await uow().execute(streamId, counter, { by: 10 });
          throw new Error('the handler of a later message failed');
        }),
      ).rejects.toThrow('later message failed');
      let total = 0;
      await inTransaction(cache, async (uow) => {
        total = (await uow().load(streamId, counter)).state.total;
      });
      expect(total).toBe(1);
    });

    it(`keeps a snapshot every ${SNAPSHOT_EVERY_EVENTS} events, not one per transaction, and a cold reader folds the rest`, async () => {
      const cache = new StreamStateCache();
      const streamId = `stock-${randomUUID()}`;
      const saves = jest.spyOn(SnapshotStore.prototype, 'saveMany');
      for (let i = 1; i <= SNAPSHOT_EVERY_EVENTS + 20; i++) await inTransaction(cache, (uow) => uow().execute(streamId, counter, { by: 1 }, SNAPSHOT).then(() => undefined));
      expect(saves.mock.calls.filter(([, items]) => items.some((item) => item.streamId === streamId))).toHaveLength(1);
      saves.mockRestore();
      expect(await store.snapshots.load(db.dataSource, streamId, SNAPSHOT.schema)).toEqual({ version: SNAPSHOT_EVERY_EVENTS, state: { total: SNAPSHOT_EVERY_EVENTS } });
      let cold = { state: { total: 0 }, version: 0 };
      await inTransaction(new StreamStateCache(), async (uow) => {
        cold = await uow().load(streamId, counter, SNAPSHOT);
      });
      expect(cold).toEqual({ state: { total: SNAPSHOT_EVERY_EVENTS + 20 }, version: SNAPSHOT_EVERY_EVENTS + 20 });
    });
  });
});
