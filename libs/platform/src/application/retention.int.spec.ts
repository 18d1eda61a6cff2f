import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { pruneOlderThan } from './retention';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention of remembered tables (real PostgreSQL)', () => {
  let db: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    su = await adminClient(db);
  });
  afterAll(async () => {
    await su?.end();
    await db?.drop();
  });

  it('removes inbox rows older than the retention, across many batches, and keeps every younger one', async () => {
    const now = Date.now();
    // 23,000 expired rows (well past several batches) and 2,000 that must stay.
    await su.query(
      `INSERT INTO inbox (consumer, message_id, topic, partition, "offset", processed_at)
       SELECT 'order-service', 'old-' || g, 'channel.orders', g % 6, g, $1::timestamptz - (g || ' seconds')::interval
         FROM generate_series(1, 23000) AS g`,
      [new Date(now - 15 * DAY_MS)],
    );
    await su.query(
      `INSERT INTO inbox (consumer, message_id, topic, partition, "offset", processed_at)
       SELECT 'order-service', 'young-' || g, 'channel.orders', g % 6, g, $1::timestamptz
         FROM generate_series(1, 2000) AS g`,
      [new Date(now - 13 * DAY_MS)],
    );

    const removed = await pruneOlderThan(db.dataSource, { table: 'inbox', column: 'processed_at' }, new Date(now - 14 * DAY_MS), 5000);

    expect(removed).toBe(23000);
    const [left] = await db.dataSource.query(
      `SELECT count(*) FILTER (WHERE message_id LIKE 'old-%')::int AS old, count(*) FILTER (WHERE message_id LIKE 'young-%')::int AS young FROM inbox`,
    );
    expect(left).toEqual({ old: 0, young: 2000 });
  });

  it('a message redelivered within the retention is still recognised after a sweep', async () => {
    const id = randomUUID();
    await db.dataSource.query(`INSERT INTO inbox (consumer, message_id, topic, partition, "offset") VALUES ('inventory-service', $1, 'order.events', 0, 1)`, [id]);
    await pruneOlderThan(db.dataSource, { table: 'inbox', column: 'processed_at' }, new Date(Date.now() - 14 * DAY_MS));
    const fresh = await db.dataSource.query(
      `INSERT INTO inbox (consumer, message_id, topic, partition, "offset") VALUES ('inventory-service', $1, 'order.events', 0, 1)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [id],
    );
    expect(fresh).toEqual([]); // a repeat: the consumer skips it
  });
});
