import { createHash, randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { CSV_HEADER, exportEvents, toCsvRow, toNdjsonLine } from './audit-export';
import { EventStore } from './event-store';
import { canonicalJson } from './hash';
import { withTransaction } from './transaction';
import { NewEvent, StoredEvent } from './types';

const noted = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data: { z: i, a: { y: 'Grüße, "quoted"\n', x: [3, { b: null, a: true }] } },
  metadata: { correlationId: `c-${i}`, actor: 'operator' },
});

async function exported(db: TestDatabase, options?: Parameters<typeof exportEvents>[1]): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const e of exportEvents(db.dataSource, options)) events.push(e);
  return events;
}

describe('the audit export (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;
  const streams = Array.from({ length: 6 }, (_, i) => `ledger-${i}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
    // Concurrent transactions, one per stream at a time: the global order interleaves the streams.
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        streams.map((streamId, s) =>
          withTransaction(db.dataSource, (tx) => store.appendIn(tx, [{ streamId, events: [noted(round * 10 + s), noted(round * 10 + s + 1)], expectedVersion: 'any' }])),
        ),
      );
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('streams every stored event, page after page, in the order the store made them visible', async () => {
    const all = await exported(db, { pageSize: 7 });
    const stored = (await Promise.all(streams.map((s) => store.readStream(s)))).flat();
    const visibility = (a: StoredEvent, b: StoredEvent) => Number(BigInt(a.transactionId) - BigInt(b.transactionId)) || a.globalPosition - b.globalPosition;
    expect(all).toHaveLength(60);
    expect(all.map((e) => e.eventId)).toEqual(stored.sort(visibility).map((e) => e.eventId));
  });

  it('lets an auditor recompute every hash from the exported record alone', async () => {
    const lines = (await exported(db, { pageSize: 4 })).map(toNdjsonLine);
    for (const line of lines) {
      const { globalPosition, prevHash, hash, ...record } = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual(['recordedAt', 'streamId', 'streamVersion', 'eventId', 'type', 'schemaVersion', 'data', 'metadata']);
      const recomputed = createHash('sha256').update(String(prevHash)).update('\n').update(canonicalJson(record)).digest('hex');
      expect([globalPosition, recomputed]).toEqual([globalPosition, hash]);
    }
  });

  it('keeps to the recorded-at window it is given, and writes one CSV row per event', async () => {
    const all = await exported(db);
    const middle = all[Math.floor(all.length / 2)].recordedAt;
    const before = await exported(db, { to: middle });
    const after = await exported(db, { from: middle });
    expect(before.every((e) => e.recordedAt < middle) && after.every((e) => e.recordedAt >= middle)).toBe(true);
    expect(before.length + after.length).toBe(all.length);
    const csv = CSV_HEADER + all.map(toCsvRow).join('');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(all.length + 1);
  });
});
