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
});
