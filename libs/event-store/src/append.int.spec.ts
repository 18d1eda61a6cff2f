import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { ConcurrencyError } from './errors';
import { EventStore } from './event-store';
import { withTransaction } from './transaction';
import { NewEvent } from './types';

const event = (type: string, data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });

describe('appending many streams at once (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const transactionsOf = async (streams: string[]) =>
    (await db.dataSource.query(`SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE stream_id = ANY($1)`, [streams]))[0].n as number;

  it('groups concurrent appends into shared statements (group commit), each with its own outcome', async () => {
    const streams = Array.from({ length: 40 }, () => `order-${randomUUID()}`);
    const results = await Promise.all(streams.map((s) => store.append(s, [event('OrderPlaced'), event('OrderConfirmed')], { expectedVersion: 'no_stream' })));
    expect(results.every((r) => r.nextExpectedVersion === 2 && r.positions.length === 2 && !r.duplicate)).toBe(true);
    expect(await transactionsOf(streams)).toBeLessThan(streams.length); // several appends shared a transaction
    expect((await store.verifyChain()).ok).toBe(true);
  });

  it('a conflicting append fails alone; the appends grouped with it commit', async () => {
    const taken = `order-${randomUUID()}`;
    await store.append(taken, [event('OrderPlaced')], { expectedVersion: 'no_stream' });
    const others = Array.from({ length: 20 }, () => `order-${randomUUID()}`);
    const outcomes = await Promise.allSettled([
      ...others.map((s) => store.append(s, [event('OrderPlaced')], { expectedVersion: 'no_stream' })),
      store.append(taken, [event('OrderPlaced')], { expectedVersion: 'no_stream' }),
    ]);
    expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
    const lost = outcomes[20] as PromiseRejectedResult;
    expect(lost.status).toBe('rejected');
    expect(lost.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(taken)).map((e) => e.streamVersion)).toEqual([1]);
  });

  it('data the server refuses fails only the append that carries it', async () => {
    const streams = Array.from({ length: 10 }, () => `complaint-${randomUUID()}`);
    const bad = `complaint-${randomUUID()}`;
    const outcomes = await Promise.allSettled([
      ...streams.map((s) => store.append(s, [event('ComplaintOpened', { text: 'fine' })], { expectedVersion: 'no_stream' })),
      store.append(bad, [event('ComplaintOpened', { text: 'nul \u0000 byte' })], { expectedVersion: 'no_stream' }),
    ]);
    expect(outcomes.slice(0, 10).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[10].status).toBe('rejected');
    expect(await store.readStream(bad)).toEqual([]);
  });

  it('repeats inside a group are no-ops, whichever statement they land in', async () => {
    const streamId = `stock-${randomUUID()}`;
    const batch = [event('StockReceived', { qty: 5 })];
    const results = await Promise.all([1, 2, 3, 4].map(() => store.append(streamId, batch, { expectedVersion: 'no_stream' })));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(results.every((r) => r.nextExpectedVersion === 1)).toBe(true);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it("a unit of work appends to many streams in one statement of its transaction; one stream's conflict undoes all", async () => {
    const [a, b, c] = [1, 2, 3].map(() => `stock-${randomUUID()}`);
    await store.append(b, [event('StockReceived')], { expectedVersion: 'no_stream' });
    await expect(
      withTransaction(db.dataSource, (tx) =>
        store.appendIn(tx, [
          { streamId: a, events: [event('StockReserved')], expectedVersion: 'no_stream' },
          { streamId: b, events: [event('StockReserved')], expectedVersion: 'no_stream' }, // b exists: conflict
          { streamId: c, events: [event('StockReserved')], expectedVersion: 'no_stream' },
        ]),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(a)).toEqual([]);
    expect(await store.readStream(c)).toEqual([]);

    const results = await withTransaction(db.dataSource, (tx) =>
      store.appendIn(tx, [
        { streamId: c, events: [event('StockReserved'), event('StockReserved')], expectedVersion: 'no_stream' },
        { streamId: a, events: [event('StockReserved')], expectedVersion: 'no_stream' },
        { streamId: b, events: [event('StockReserved')], expectedVersion: 1 },
      ]),
    );
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([2, 1, 2]); // in the order asked
    const [txA, txB, txC] = await Promise.all([a, b, c].map(async (s) => (await store.readStream(s)).at(-1)!.transactionId));
    expect(new Set([txA, txB, txC]).size).toBe(1);
    expect((await store.verifyChain()).ok).toBe(true);
  });
});
