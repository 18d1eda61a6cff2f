/**
 * npm run bench:store — orderflow's append against Emmett's PostgreSQL event store and a bare
 * INSERT into a table with UNIQUE(stream, version), on the same server, with the same 8 concurrent
 * writers, each append checking the expected version; 1 and 5 events per append. The three run
 * in turns, several rounds, so background noise falls on all of them; the median of each is kept.
 * Sizes: BENCH_APPENDS (appends per run, 4000), BENCH_ROUNDS (3).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { EventStore } from '@orderflow/event-store';
import { createDataSource } from '@orderflow/platform';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { writeResult } from './support';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRITERS = 8;
const APPENDS_PER_STREAM = 4;

type Append = (stream: string, events: { type: string; data: Record<string, unknown> }[], expected: number) => Promise<void>;

interface Contender {
  name: string;
  append: Append;
  close(): Promise<void>;
}

const payload = (i: number) => ({
  orderId: randomUUID(),
  sku: 'SKU-MUG',
  warehouseId: 'WH-BER',
  quantity: (i % 5) + 1,
  shipmentId: `OF-${String(i).padStart(6, '0')}-1`,
});

/** WRITERS concurrent writers, each appending APPENDS_PER_STREAM times to its streams with expected versions. */
async function run(contender: Contender, perAppend: number, tag: string): Promise<number> {
  const streams = Math.ceil(APPENDS / APPENDS_PER_STREAM);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < streams) {
        const s = next++;
        const stream = `reservation-${tag}-${s}`;
        for (let a = 0; a < APPENDS_PER_STREAM; a++) {
          const events = Array.from({ length: perAppend }, (_, i) => ({ type: 'StockReserved', data: payload(s * 100 + a * 10 + i) }));
          await contender.append(stream, events, a * perAppend);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (streams * APPENDS_PER_STREAM * perAppend) / seconds;
}

async function orderflow(db: TestDatabase): Promise<Contender> {
  // As the inventory service appends reservations: its own role, whose appends the store checks
  // against the categories it owns and stamps with the database's clock (ADR 23).
  const dataSource = await createDataSource(db.urlFor('inventory-service'), { poolSize: 12, applicationName: 'orderflow-bench-store' }).initialize();
  const store = new EventStore(dataSource);
  return {
    name: 'orderflow EventStore.append',
    append: async (stream, events, expected) => {
      await store.append(
        stream,
        events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { correlationId: 'bench', causationId: 'bench' } })),
        { expectedVersion: expected === 0 ? 'no_stream' : expected },
      );
    },
    close: () => dataSource.destroy(),
  };
}

async function emmett(db: TestDatabase): Promise<Contender> {
  const store = getPostgreSQLEventStore(db.adminUrl, { connectionOptions: { pooled: true } } as never);
  // Emmett creates its schema on first use; do that before timing.
  await store.appendToStream('warmup-1', [{ type: 'Warmup', data: {} }] as never);
  return {
    name: 'Emmett 0.42 appendToStream',
    append: async (stream, events, expected) => {
      await store.appendToStream(stream, events as never, { expectedStreamVersion: BigInt(expected) } as never);
    },
    close: () => store.close(),
  };
}

async function bare(db: TestDatabase): Promise<Contender> {
  const pool = new Pool({ connectionString: db.adminUrl, max: WRITERS });
  await pool.query(`CREATE TABLE bare_events (stream_id text NOT NULL, version int NOT NULL, type text NOT NULL, data jsonb NOT NULL,
                      UNIQUE (stream_id, version))`);
  return {
    name: 'bare INSERT, UNIQUE(stream, version)',
    append: async (stream, events, expected) => {
      await pool.query(
        `INSERT INTO bare_events (stream_id, version, type, data)
         SELECT $1, $2 + o, t, d FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS e(t, d, o)`,
        [stream, expected, events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
      );
    },
    close: () => pool.end(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const databases = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  const contenders = [await orderflow(databases[0]), await emmett(databases[1]), await bare(databases[2])];
  const results: Record<string, Record<string, number>> = {};
  try {
    for (const perAppend of [1, 5]) {
      const rates: Record<string, number[]> = Object.fromEntries(contenders.map((c) => [c.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of contenders) rates[c.name].push(await run(c, perAppend, `r${round}e${perAppend}`));
      }
      const medians = Object.fromEntries(Object.entries(rates).map(([name, xs]) => [name, median(xs)]));
      results[`${perAppend} event(s) per append`] = medians;
      const [ours, peer, baseline] = contenders.map((c) => medians[c.name]);
      console.log(`\n${perAppend} event(s) per append, ${WRITERS} writers, median of ${ROUNDS} rounds (events/s):`);
      for (const c of contenders) console.log(`  ${c.name.padEnd(40)} ${medians[c.name].toFixed(0).padStart(7)}   rounds: ${rates[c.name].map((r) => r.toFixed(0)).join(', ')}`);
      console.log(`  orderflow / Emmett: ${(ours / peer).toFixed(2)}x   orderflow / bare INSERT: ${((ours / baseline) * 100).toFixed(0)}%`);
    }
  } finally {
    for (const c of contenders) await c.close();
    await Promise.all(databases.map((d) => d.drop()));
  }
  writeResult('store-peers', { appendsPerRun: APPENDS, rounds: ROUNDS, writers: WRITERS, results });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
