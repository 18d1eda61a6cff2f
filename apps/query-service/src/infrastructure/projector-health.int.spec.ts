import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventStore } from '@orderflow/event-store';
import { lockKeys } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { queryMigrations } from './migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STUCK_AFTER_MS = 1500;

describe('a stuck projector makes /health 503 naming it (real PostgreSQL, the query service in process)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let blocker: Client;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    // Idle longer than the threshold: a caught-up projector that sleeps is not stuck.
    api = await startQueryApp(db, { HEALTH_STUCK_AFTER_MS: String(STUCK_AFTER_MS), QUERY_PROJECTOR_IDLE_MS: '5000' });
    await api.caughtUp();
    blocker = await adminClient(db);
  });
  afterAll(async () => {
    await blocker?.end();
    await api?.close();
    await db?.drop();
  });

  const health = async () => {
    const res = await fetch(`${api.url}/health`);
    return { code: res.status, body: (await res.json()) as D };
  };

  it('stays 200 while caught up and idle past the threshold, is 503 while events wait behind a hung batch, and recovers', async () => {
    await new Promise((r) => setTimeout(r, STUCK_AFTER_MS + 500));
    const idle = await health();
    expect(idle).toMatchObject({ code: 200, body: { components: { 'projector:orders': { status: 'up', lag: 0 } } } });

    // Another session holds the orders projection's writer lock: its next batch hangs on it.
    await blocker.query(`SELECT pg_advisory_lock($1::bigint)`, [lockKeys('orders').writer]);
    await new EventStore(db.dataSource).append(`probe-${randomUUID()}`, [{ eventId: randomUUID(), type: 'ProbeNoted', data: {} }], {
      expectedVersion: 'no_stream',
    });
    // The inventory projector, idle longer than the threshold too, may be asked before it has
    // read the new event (on a busy machine): it is stuck only until then, and then up again.
    const stuck = await waitFor('the orders projector reported stuck, and only it', async () => {
      const h = await health();
      return h.code === 503 && h.body.down.join() === 'projector:orders' ? h : undefined;
    });
    expect(stuck.body.components['projector:inventory']).toMatchObject({ status: 'up', lag: 0 });
    expect(stuck.body.components['projector:orders']).toMatchObject({ status: 'down', detail: expect.stringMatching(/^stuck: .*1 event\(s\) waiting/), lag: 1 });

    await blocker.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockKeys('orders').writer]);
    // Up again as soon as the batch moves; caught up once its checkpoint has committed.
    const recovered = await waitFor('healthy and caught up again', async () => {
      const h = await health();
      return h.code === 200 && h.body.components['projector:orders'].lag === 0 ? h : undefined;
    });
    expect(recovered.body.components['projector:orders']).toMatchObject({ status: 'up', lag: 0 });
  });
});
