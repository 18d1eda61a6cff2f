/**
 * Appending: a command that decides ten events appends them in one statement (unnest), against
 * the same ten events appended one statement each — what a store without batch appends does.
 * Both write the same hash-chained rows through the same EventStore. Run: npm run bench.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '@orderflow/event-store';
import { createTestDatabase } from '@orderflow/testing';
import { measure, report } from './support';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const PER_STREAM = 10;
const CONCURRENCY = 8;

const events = (): NewEvent[] =>
  Array.from({ length: PER_STREAM }, (_, i) => ({
    eventId: randomUUID(),
    type: 'StockReserved',
    data: { sku: 'SKU-MUG', warehouseId: 'WH-BER', quantity: i + 1, reservationId: randomUUID(), orderId: randomUUID(), shipmentId: 'OF-000001-1' },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'bench' },
  }));

async function inParallel(count: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function main() {
  const db = await createTestDatabase();
  const store = new EventStore(db.dataSource);
  const units = STREAMS * PER_STREAM;
  const baseline = await measure('one append per event', units, () =>
    inParallel(STREAMS, async (s) => {
      let version = 0;
      for (const e of events()) {
        await store.append(`bench-single-${s}`, [e], { expectedVersion: version === 0 ? 'no_stream' : version });
        version += 1;
      }
    }),
  );
  const candidate = await measure('one append per decision (10 events)', units, () =>
    inParallel(STREAMS, async (s) => {
      await store.append(`bench-batch-${s}`, events(), { expectedVersion: 'no_stream' });
    }),
  );
  const chain = await store.verifyChain();
  if (!chain.ok) throw new Error(`hash chain broken: ${JSON.stringify(chain.firstBreak)}`);
  report('event-store-append', baseline, candidate, { streams: STREAMS, eventsPerStream: PER_STREAM, concurrency: CONCURRENCY });
  await db.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
