import { randomUUID } from 'node:crypto';
import { Decider } from '@orderflow/decider';
import { ConcurrencyError, EventStore, SnapshotStore, withTransaction } from '@orderflow/event-store';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { StreamScope } from './stream-scope';
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
    expect(await new SnapshotStore().load(db.dataSource, streamId, SNAPSHOT.schema)).toEqual({ version: 101, state: { total: 6050 } });
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
});
