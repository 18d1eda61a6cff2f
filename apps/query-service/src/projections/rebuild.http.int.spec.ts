import { Client } from 'pg';
import { lockKeys } from '@orderflow/projections';
import { adminClient, bearer, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { HistoryWriter, writeRealisticHistory } from '../../test/order-history';
import { queryMigrations } from '../infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * POST /projections/rebuild runs the CLI's rebuild inside the query service, as the service's own
 * database role (startQueryApp logs in as orderflow_query), and GET /projections follows it. The
 * test holds the orders projection's writer lock, which the swap needs, so the rebuild is caught
 * while it runs however fast this machine replays.
 */
describe('rebuilding projections over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let su: Client;
  let operator: Record<string, string>;

  const rebuild = async (body: unknown) => {
    const res = await fetch(`${api.url}/projections/rebuild`, {
      method: 'POST',
      headers: { ...operator, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as D };
  };
  const statuses = async () => ((await api.get('/projections', operator)).body.projections as D[]).map((p) => ({ name: p.name, state: p.state, rebuild: p.rebuild }));

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    const writer = new HistoryWriter(db.dataSource);
    writeRealisticHistory(writer);
    await writer.flush();
    api = await startQueryApp(db, { API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
    operator = bearer(await api.key('operator'));
    su = await adminClient(db);
  });

  afterAll(async () => {
    await su?.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await su?.end();
    await api?.close();
    await db?.drop();
  });

  it('starts in the background (202), shows rebuilding on GET /projections, refuses a second (409), and ends live with the same orders', async () => {
    const ordersBefore = (await api.get('/orders?limit=500', operator)).body.orders.length;
    await su.query(`SELECT pg_advisory_lock($1::bigint)`, [lockKeys('orders').writer]);
    let held = true;
    try {
      const started = await rebuild({ projection: 'all' });
      expect(started).toEqual({ status: 202, body: { projections: ['orders', 'inventory', 'payments', 'reports'], startedAt: expect.any(String) } });
      expect(Date.parse(started.body.startedAt)).toBeLessThanOrEqual(Date.now());

      // From the answer on, the rebuild shows; it has replayed everything and waits to swap.
      const [orders] = await statuses();
      expect(orders).toMatchObject({ name: 'orders', state: 'rebuilding', rebuild: { state: expect.stringMatching(/^(rebuilding|swapping)$/) } });
      const waiting = await waitFor('the orders rebuild at its swap', async () => {
        const [o] = await statuses();
        return o.rebuild.state === 'swapping' ? o : undefined;
      });
      expect(waiting.rebuild.eventsDone).toBeGreaterThan(0);
      expect(waiting.rebuild.eventsDone).toBeGreaterThanOrEqual(waiting.rebuild.totalEvents);

      for (const projection of ['orders', 'inventory', 'payments', 'reports', 'all']) {
        const second = await rebuild({ projection });
        expect([projection, second.status, second.body.message]).toEqual([projection, 409, expect.stringContaining('already running')]);
      }

      await su.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockKeys('orders').writer]);
      held = false;
      const done = await waitFor('every projection live again', async () => {
        const all = await statuses();
        return all.every((p) => p.state === 'live' && p.rebuild?.state === 'live') ? all : undefined;
      });
      for (const p of done) expect(p.rebuild.finishedAt).not.toBeNull();
      expect((await api.get('/orders?limit=500', operator)).body.orders.length).toBe(ordersBefore);
    } finally {
      if (held) await su.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockKeys('orders').writer]);
    }
  });

  it('answers 409 while a rebuild elsewhere (the CLI, another replica) holds the rebuild lock', async () => {
    await su.query(`SELECT pg_advisory_lock($1::bigint)`, [lockKeys('inventory').rebuild]);
    try {
      const res = await rebuild({ projection: 'inventory' });
      expect([res.status, res.body.message]).toEqual([409, 'a rebuild of the inventory projection is already running; follow it on GET /projections']);
    } finally {
      await su.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockKeys('inventory').rebuild]);
    }
    // Once it is gone, a rebuild starts and finishes.
    expect((await rebuild({ projection: 'inventory' })).status).toBe(202);
    await waitFor('the inventory rebuild finished', async () => (await statuses())[1].rebuild?.state === 'live');
  });

  it('answers 400 naming the field for a bad body, and 403 to a key that may not rebuild', async () => {
    for (const body of [{ projection: 'everything' }, {}, { projection: 'orders', force: true }]) {
      const res = await rebuild(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.problems[0]).toMatchObject({ in: 'body', parameter: expect.stringMatching(/^(projection|force)$/) });
    }
    const auditor = await fetch(`${api.url}/projections/rebuild`, {
      method: 'POST',
      headers: { ...bearer(await api.key('auditor')), 'content-type': 'application/json' },
      body: JSON.stringify({ projection: 'orders' }),
    });
    expect(auditor.status).toBe(403);
  });
});
