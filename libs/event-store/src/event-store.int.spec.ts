import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { ConcurrencyError } from './errors';
import { EventStore } from './event-store';
import { subscribeToAll } from './subscription';
import { withTransaction } from './transaction';
import { NewEvent, START_OF_STREAM, StoredEvent } from './types';

const event = (type: string, data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });

describe('EventStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads the global stream in transaction id order across a power of ten, not in the order of the ids as text', async () => {
    const own = await createTestDatabase();
    const su = await adminClient(own);
    try {
      // A young server (a fresh CI machine) has not yet reached those ids: spend some until it has,
      // or the store rightly takes them for transactions still in flight.
      while (Number((await su.query(`SELECT txid_current() AS xid`)).rows[0].xid) <= 10_000);
      // Transaction ids as a long-running server has them: 9999 and 10000 sort the other way as text.
      for (const [xid, streamId] of [
        ['9999', 'order-older'],
        ['10000', 'order-younger'],
      ]) {
        await su.query(
          `INSERT INTO events (stream_id, stream_category, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, transaction_id, prev_hash, hash)
           VALUES ($1, 'order', 1, $2, 'Happened', 1, '{}', '{}', now(), $3::xid8, repeat('0', 64), repeat('1', 64))`,
          [streamId, randomUUID(), xid],
        );
      }
      const read = await new EventStore(own.dataSource).readAll({ after: START_OF_STREAM });
      expect(read.map((e) => [e.transactionId, e.streamId])).toEqual([
        ['9999', 'order-older'],
        ['10000', 'order-younger'],
      ]);
    } finally {
      await su.end();
      await own.drop();
    }
  });

  describe('optimistic concurrency', () => {
    it('lets exactly one of many racing appends win each version, leaving versions contiguous', async () => {
      const streamId = `order-${randomUUID()}`;
      const rounds = 10;
      const racers = 8;
      for (let round = 0; round < rounds; round++) {
        const expectedVersion = round === 0 ? ('no_stream' as const) : round;
        const outcomes = await Promise.allSettled(
          Array.from({ length: racers }, (_, i) =>
            store.append(streamId, [event('OrderNoted', { round, racer: i })], { expectedVersion }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(racers - 1);
        lost.forEach((l) => expect(l.reason).toBeInstanceOf(ConcurrencyError));
      }
      const stream = await store.readStream(streamId);
      expect(stream.map((e) => e.streamVersion)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
      expect(stream.map((e) => (e.data as { round: number }).round)).toEqual(
        Array.from({ length: rounds }, (_, i) => i),
      );
    });

    it('rejects a stale expected version and a no_stream append to an existing stream', async () => {
      const streamId = `order-${randomUUID()}`;
      await store.append(streamId, [event('A'), event('B')], { expectedVersion: 'no_stream' });
      await expect(store.append(streamId, [event('C')], { expectedVersion: 1 })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await expect(store.append(streamId, [event('C')], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      const ok = await store.append(streamId, [event('C')], { expectedVersion: 'any' });
      expect(ok.nextExpectedVersion).toBe(3);
    });

    it('refuses an append by a transaction older than the one that wrote the stream head', async () => {
      // Keeps per-stream order equal to the global stream's (transaction id) order.
      const streamId = `order-${randomUUID()}`;
      await expect(
        withTransaction(db.dataSource, async (older) => {
          await older.query(`SELECT pg_current_xact_id()`); // takes its transaction id now
          await store.append(streamId, [event('First')], { expectedVersion: 'no_stream' }); // a younger transaction
          await store.append(streamId, [event('Second')], { expectedVersion: 1, tx: older });
        }),
      ).rejects.toThrow(/younger transaction/);
      const retried = await store.append(streamId, [event('Second')], { expectedVersion: 1 });
      expect(retried.nextExpectedVersion).toBe(2);
    });
  });

  describe('idempotency', () => {
    it('treats re-appending the same event ids as a no-op, not a duplicate', async () => {
      const streamId = `stock-${randomUUID()}`;
      const batch = [event('StockReceived', { qty: 5 }), event('StockReceived', { qty: 7 })];
      const first = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
      const again = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
      const concurrent = await Promise.all([1, 2, 3].map(() => store.append(streamId, batch, { expectedVersion: 'any' })));
      expect(first.duplicate).toBe(false);
      expect(again).toMatchObject({ duplicate: true, nextExpectedVersion: 2 });
      concurrent.forEach((r) => expect(r.duplicate).toBe(true));
      expect(await store.readStream(streamId)).toHaveLength(2);
    });
  });

  describe('append-only enforcement', () => {
    let su: Client;
    let position: number;
    beforeAll(async () => {
      su = await adminClient(db);
      const r = await store.append(`order-${randomUUID()}`, [event('Placed')], { expectedVersion: 'no_stream' });
      position = r.positions[0];
    });
    afterAll(async () => {
      await su.end();
    });

    it.each([
      ['UPDATE', `UPDATE events SET event_type = 'Forged' WHERE global_position = $1`],
      ['DELETE', `DELETE FROM events WHERE global_position = $1`],
    ])('the application role cannot %s stored events', async (_op, sql) => {
      await expect(db.dataSource.query(sql, [position])).rejects.toThrow(/permission denied/);
    });

    it('the application role cannot TRUNCATE events', async () => {
      await expect(db.dataSource.query(`TRUNCATE events`)).rejects.toThrow(/permission denied/);
    });

    it.each([
      ['UPDATE', `UPDATE events SET event_type = 'Forged' WHERE global_position = $1`],
      ['DELETE', `DELETE FROM events WHERE global_position = $1`],
      ['TRUNCATE', `TRUNCATE events`],
    ])('even the owner is stopped by the trigger on %s', async (op, sql) => {
      await expect(su.query(sql, sql.includes('$1') ? [position] : [])).rejects.toThrow(
        new RegExp(`append-only: ${op} is not allowed`),
      );
      const [row] = (await db.dataSource.query(`SELECT event_type FROM events WHERE global_position = $1`, [
        position,
      ])) as { event_type: string }[];
      expect(row.event_type).toBe('Placed');
    });
  });

  describe('hash chain', () => {
    it('verifies a clean store and names the first event a superuser altered behind the trigger', async () => {
      const streamId = `order-${randomUUID()}`;
      await store.append(streamId, [event('Placed', { total: 100 }), event('Confirmed'), event('Shipped')], {
        expectedVersion: 'no_stream',
      });
      expect(await store.verifyChain(streamId)).toMatchObject({ ok: true, eventsChecked: 3 });
      expect((await store.verifyChain()).ok).toBe(true);

      const su = await adminClient(db);
      try {
        await su.query(`SET session_replication_role = replica`); // disables triggers: a tamperer's move
        await su.query(`UPDATE events SET data = '{"forged": true}' WHERE stream_id = $1 AND stream_version = 2`, [
          streamId,
        ]);
      } finally {
        await su.end();
      }
      const report = await store.verifyChain(streamId);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ streamId, streamVersion: 2, reason: expect.stringMatching(/hash/) });
      const global = await store.verifyChain();
      expect(global.firstBreak?.streamId).toBe(streamId);
    });

    it('links each event to its predecessor', async () => {
      const streamId = `order-${randomUUID()}`;
      await store.append(streamId, [event('A')], { expectedVersion: 'no_stream' });
      await store.append(streamId, [event('B')], { expectedVersion: 1 });
      const [a, b] = await store.readStream(streamId);
      expect(a.prevHash).toBe('0'.repeat(64));
      expect(b.prevHash).toBe(a.hash);
    });
  });

  describe('reading', () => {
    it('reads a stream as it was at an instant', async () => {
      let now = new Date('2026-01-01T10:00:00.000Z');
      const timed = new EventStore(db.dataSource, () => now);
      const streamId = `order-${randomUUID()}`;
      await timed.append(streamId, [event('Placed')], { expectedVersion: 'no_stream' });
      now = new Date('2026-01-01T11:00:00.000Z');
      await timed.append(streamId, [event('Confirmed')], { expectedVersion: 1 });
      const asOf = await timed.readStream(streamId, { toRecordedAt: new Date('2026-01-01T10:30:00.000Z') });
      expect(asOf.map((e) => e.type)).toEqual(['Placed']);
      expect((await timed.readStream(streamId, { fromVersion: 2 })).map((e) => e.type)).toEqual(['Confirmed']);
    });

    it('pages through the global stream in order without repeats, filtered by category', async () => {
      const tag = randomUUID();
      for (let i = 0; i < 25; i++) {
        await store.append(`page${i % 2 ? 'odd' : 'even'}-${tag}-${i}`, [event('Paged', { i })], {
          expectedVersion: 'no_stream',
        });
      }
      // Readable once no older writing transaction is in flight anywhere on the server.
      await waitFor('all 25 events readable', async () => (await store.readAll({ categories: ['pageodd', 'pageeven'], limit: 100 })).length === 25);
      const seen: StoredEvent[] = [];
      let after = START_OF_STREAM;
      for (;;) {
        const batch = await store.readAll({ after, limit: 4, categories: ['pageodd', 'pageeven'] });
        if (batch.length === 0) break;
        seen.push(...batch);
        const last = batch[batch.length - 1];
        after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      }
      expect(seen.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      const positions = seen.map((e) => e.globalPosition);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const odd = await store.readAll({ categories: ['pageodd'], limit: 100 });
      expect(odd).toHaveLength(12);
    });

    it('never skips an event whose transaction commits after later positions became visible', async () => {
      const category = `gap${randomUUID().slice(0, 8)}`;
      const delivered: StoredEvent[] = [];
      const sub = subscribeToAll(store, {
        categories: [category],
        idleDelayMs: 10,
        loadCheckpoint: async () => START_OF_STREAM,
        handle: async (events) => {
          delivered.push(...events);
        },
      });
      try {
        // A slow writer takes the lowest position and holds its transaction open...
        const slow = db.dataSource.createQueryRunner();
        await slow.connect();
        await slow.startTransaction();
        await store.append(`${category}-slow`, [event('Slow')], { expectedVersion: 'no_stream', tx: slow });
        // ...while fast writers take later positions and commit.
        for (let i = 0; i < 5; i++) {
          await store.append(`${category}-fast${i}`, [event('Fast', { i })], { expectedVersion: 'no_stream' });
        }
        await sub.caughtUp();
        await sub.caughtUp();
        expect(delivered).toHaveLength(0); // a naive position > checkpoint reader would have taken the fast ones

        await slow.commitTransaction();
        await slow.release();
        await waitFor('every event delivered', () => delivered.length >= 6);
      } finally {
        await sub.stop();
      }
      expect(delivered.map((e) => e.type)).toEqual(['Slow', 'Fast', 'Fast', 'Fast', 'Fast', 'Fast']);
      expect(new Set(delivered.map((e) => e.eventId)).size).toBe(6);
    });
  });
});
