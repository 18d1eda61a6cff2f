import { Client } from 'pg';
import { pruneOlderThan } from '@orderflow/platform';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { SERVICE } from '../service';
import { ingestMigrations } from './migrations';

const DAY_MS = 24 * 60 * 60 * 1000;

describe("the gateway's ledger is swept by age (real PostgreSQL, as the application role)", () => {
  let db: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase(ingestMigrations);
    su = await adminClient(db);
  });
  afterAll(async () => {
    await su?.end();
    await db?.drop();
  });

  it('forgets idempotency keys and published message ids past the retention, and nothing younger', async () => {
    const old = new Date(Date.now() - 20 * DAY_MS);
    await su.query(
      `INSERT INTO ingest_requests (idempotency_key, request_hash, status_code, response, created_at)
       VALUES ('old-key', 'h', 202, '{}', $1), ('new-key', 'h', 202, '{}', now())`,
      [old],
    );
    await su.query(
      `INSERT INTO ingest_messages (message_id, topic, published_at) VALUES ('old-msg', 'channel.orders', $1), ('new-msg', 'channel.orders', now())`,
      [old],
    );
    const cutoff = new Date(Date.now() - 14 * DAY_MS);
    for (const table of SERVICE.remembers ?? []) await pruneOlderThan(db.dataSource, table, cutoff);

    expect(await db.dataSource.query(`SELECT idempotency_key FROM ingest_requests`)).toEqual([{ idempotency_key: 'new-key' }]);
    expect(await db.dataSource.query(`SELECT message_id FROM ingest_messages`)).toEqual([{ message_id: 'new-msg' }]);
  });

  it('forgets webhook deliveries settled past the retention, with their attempts, and never a pending one', async () => {
    const old = new Date(Date.now() - 20 * DAY_MS);
    const rows = (await su.query(
      `INSERT INTO webhook_deliveries (channel, message_id, order_key, order_id, external_order_id, type, body, status, created_at, delivered_at, failed_at)
       VALUES ('webshop', gen_random_uuid(), 'webshop:W-1', gen_random_uuid(), 'W-1', 'OrderConfirmed', '{}', 'delivered', $1, $1, NULL),
              ('webshop', gen_random_uuid(), 'webshop:W-2', gen_random_uuid(), 'W-2', 'OrderConfirmed', '{}', 'failed', $1, NULL, $1),
              ('webshop', gen_random_uuid(), 'webshop:W-3', gen_random_uuid(), 'W-3', 'OrderConfirmed', '{}', 'pending', $1, NULL, NULL),
              ('webshop', gen_random_uuid(), 'webshop:W-4', gen_random_uuid(), 'W-4', 'OrderConfirmed', '{}', 'delivered', now(), now(), NULL)
       RETURNING id, external_order_id`,
      [old],
    )).rows as { id: string; external_order_id: string }[];
    for (const r of rows) await su.query(`INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, duration_ms) VALUES ($1, 1, $2, 200, 5)`, [r.id, old]);
    const cutoff = new Date(Date.now() - 14 * DAY_MS);
    const table = (SERVICE.remembers ?? []).find((t) => t.table === 'webhook_deliveries')!;
    expect(await pruneOlderThan(db.dataSource, table, cutoff)).toBe(2);

    const left = (await db.dataSource.query(`SELECT external_order_id FROM webhook_deliveries ORDER BY external_order_id`)) as unknown[];
    expect(left).toEqual([{ external_order_id: 'W-3' }, { external_order_id: 'W-4' }]);
    const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_attempts`)) as { n: number }[];
    expect(n).toBe(2);
  });
});
