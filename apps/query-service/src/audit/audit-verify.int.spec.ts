import { randomBytes, randomUUID } from 'node:crypto';
import { EventStore, NewEvent, sealStreamHeads, storedHead, withTransaction } from '@orderflow/event-store';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { queryMigrations } from '../infrastructure/migrations';
import { StreamHeadSealer } from './stream-head-sealer';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = randomBytes(32).toString('base64url');
const noted = (): NewEvent => ({ eventId: randomUUID(), type: 'Noted', data: {} });
const ledger = (n: number) => `ledger-${String(n).padStart(2, '0')}`;

async function append(db: TestDatabase, streams: string[], events = 3): Promise<void> {
  const store = new EventStore(db.dataSource);
  await withTransaction(db.dataSource, (tx) =>
    store.appendIn(tx, streams.map((streamId) => ({ streamId, events: Array.from({ length: events }, noted), expectedVersion: 'any' as const }))),
  );
}

/** The newest seal's position, once the seals reach `position` (a seal stops before any transaction still open on the server). */
async function sealedUpTo(db: TestDatabase, position: number): Promise<number> {
  return waitFor(`seals up to position ${position}`, async () => {
    const [row] = (await db.dataSource.query(`SELECT max(upto_position)::bigint AS upto FROM audit_seals`)) as { upto: string | null }[];
    return Number(row.upto ?? 0) >= position ? Number(row.upto) : false;
  });
}

/** What the store holds (the API keys the test apps use are streams too), to compare a verification's counts with. */
async function storeCounts(db: TestDatabase): Promise<{ streams: number; events: number; seals: number; sealedHeads: number }> {
  const [row] = (await db.dataSource.query(
    `SELECT (SELECT count(DISTINCT stream_id) FROM events)::int AS streams, (SELECT count(*) FROM events)::int AS events,
            (SELECT count(*) FROM audit_seals)::int AS seals, (SELECT count(*) FROM audit_seal_heads)::int AS "sealedHeads"`,
  )) as { streams: number; events: number; seals: number; sealedHeads: number }[];
  return row;
}

const named = (f: D) => [f.kind, f.streamId ?? `seal ${f.sealId}`];
const byName = (a: unknown[], b: unknown[]) => String(a).localeCompare(String(b));

afterAll(() => {
  for (const name of ['AUDIT_HMAC_KEY', 'AUDIT_SEAL_INTERVAL_MS']) delete process.env[name];
});

describe('GET /audit/verify over a sealed store: bounded, page by page (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  const streams = Array.from({ length: 12 }, (_, i) => ledger(i + 1));

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    await append(db, streams);
    const head = await storedHead(db.dataSource);
    await waitFor('sealed', async () => (await sealStreamHeads(db.dataSource, Buffer.from(KEY))).upto.globalPosition >= head);
    const su = await adminClient(db);
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM events WHERE stream_id = $1`, [ledger(5)]);
      await su.query(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 3`, [ledger(9)]);
      await su.query(`UPDATE events SET data = '{"forged": true}' WHERE stream_id = $1 AND stream_version = 2`, [ledger(11)]);
    } finally {
      await su.end();
    }
    // Sealing here is the test's: the service's periodic seals are off (AUDIT_SEAL_INTERVAL_MS=0).
    api = await startQueryApp(db, { AUDIT_HMAC_KEY: KEY, AUDIT_SEAL_INTERVAL_MS: '0' });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('follows nextCursor through every stream once, at most `limit` streams a page, naming each stream tampered with', async () => {
    const stored = await storeCounts(db);
    const pages: D[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: D } = await api.get(`/audit/verify?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 50);
    expect(cursor).toBeNull();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page.streamsChecked).toBeLessThanOrEqual(5);
    expect(pages.reduce((n, p) => n + p.streamsChecked, 0)).toBe(stored.streams);
    expect(pages.reduce((n, p) => n + p.eventsChecked, 0)).toBe(stored.events);
    expect(pages.reduce((n, p) => n + p.seals.headsCompared, 0)).toBe(stored.sealedHeads);
    expect(pages.reduce((n, p) => n + p.seals.sealsVerified, 0)).toBeGreaterThanOrEqual(1);
    expect(pages.flatMap((p) => p.findings).map(named).sort(byName)).toEqual([
      ['altered', ledger(11)],
      ['removed-stream', ledger(5)],
      ['removed-tail', ledger(9)],
    ]);
    expect(pages.every((p) => p.seals.checked === true)).toBe(true);
  });

  it('answers a second whole-store verification 503 with Retry-After while one is running, and the first still completes', async () => {
    const su = await adminClient(db);
    const watcher = await adminClient(db); // outside su's transaction, which would see one snapshot of pg_stat_activity
    try {
      // Hold the first request inside its verification: the sealed heads are locked until we let go.
      await su.query(`BEGIN`);
      await su.query(`LOCK TABLE audit_seal_heads IN ACCESS EXCLUSIVE MODE`);
      const first = api.get('/audit/verify');
      await waitFor('the first verification to wait on the lock', async () => {
        const { rowCount } = await watcher.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%audit_seal_heads%' AND pid <> pg_backend_pid()`,
          [db.name],
        );
        return (rowCount ?? 0) > 0;
      });
      const second = await api.get('/audit/verify?limit=3');
      expect(second.status).toBe(503);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(second.body.message).toMatch(/already running/);
      await su.query(`COMMIT`);
      const done = await first;
      expect(done.status).toBe(200);
      expect(done.body.findings.map(named).sort(byName)).toEqual([
        ['altered', ledger(11)],
        ['removed-stream', ledger(5)],
        ['removed-tail', ledger(9)],
      ]);
    } finally {
      await su.query(`ROLLBACK`).catch(() => undefined);
      await su.end();
      await watcher.end();
    }
    expect((await api.get('/audit/verify?limit=3')).status).toBe(200);
  });

  it('verifies one stream whole, with its sealed heads', async () => {
    const cut = await api.get(`/audit/verify?streamId=${ledger(9)}`);
    expect(cut.body).toMatchObject({ ok: false, nextCursor: null, findings: [{ kind: 'removed-tail', streamId: ledger(9), streamVersion: 3, headVersion: 2 }] });
    const gone = await api.get(`/audit/verify?streamId=${ledger(5)}`);
    expect([gone.status, gone.body.findings.map(named)]).toEqual([200, [['removed-stream', ledger(5)]]]);
    expect((await api.get(`/audit/verify?streamId=${ledger(1)}`)).body).toMatchObject({ ok: true, eventsChecked: 3 });
    expect((await api.get('/audit/verify?streamId=ledger-nothing')).status).toBe(404);
  });

  it('refuses a cursor that no page gave, a limit out of range, and a cursor or limit with streamId, naming the parameter', async () => {
    const problems = async (query: string) => {
      const { status, body } = await api.get(`/audit/verify?${query}`);
      expect(status).toBe(400);
      return body.problems.map((p: D) => [p.parameter, p.expected]);
    };
    expect(await problems('cursor=not-a-cursor')).toEqual([['cursor', 'expected the nextCursor of a previous page, unchanged']]);
    expect(await problems('limit=0')).toEqual([['limit', 'expected an integer from 1 to 10000']]);
    expect(await problems(`streamId=${ledger(1)}&limit=5`)).toEqual([['limit', 'not with streamId: one stream is verified whole']]);
  });

  it('without the key, checks the hash chains only and says the seals were not checked', async () => {
    const keyless = await startQueryApp(db, { AUDIT_HMAC_KEY: '', AUDIT_SEAL_INTERVAL_MS: '0' });
    try {
      const { body } = await keyless.get('/audit/verify');
      expect(body).toMatchObject({ ok: false, nextCursor: null, seals: { checked: false, note: expect.stringMatching(/no key/) } });
      expect(body.findings.map(named)).toEqual([['altered', ledger(11)]]);
    } finally {
      await keyless.close();
    }
  });
});

describe('periodic seals: one replica seals at a time, another takes over (real PostgreSQL)', () => {
  let db: TestDatabase;
  const apps: QueryApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await db?.drop();
  });

  it('seals every interval from the replica holding the lock; when it stops, the other seals what follows', async () => {
    for (let i = 0; i < 2; i++) apps.push(await startQueryApp(db, { AUDIT_HMAC_KEY: KEY, AUDIT_SEAL_INTERVAL_MS: '50' }));
    await append(db, [ledger(1), ledger(2), ledger(3)]);
    await sealedUpTo(db, await storedHead(db.dataSource));
    const leaders = () => apps.filter((a) => a.app.get(StreamHeadSealer).leading);
    expect(leaders()).toHaveLength(1);

    const [leader] = leaders();
    await leader.close();
    apps.splice(apps.indexOf(leader), 1);
    await append(db, [ledger(2), ledger(4)]);
    await sealedUpTo(db, await storedHead(db.dataSource));
    expect(leaders()).toEqual([apps[0]]);

    const stored = await storeCounts(db);
    const { body } = await apps[0].get('/audit/verify');
    expect(body).toMatchObject({ ok: true, streamsChecked: stored.streams, seals: { checked: true, sealsVerified: stored.seals, headsCompared: stored.sealedHeads } });
    const sealed = (await db.dataSource.query(`SELECT DISTINCT stream_id FROM audit_seal_heads WHERE stream_id LIKE 'ledger-%' ORDER BY stream_id`)) as { stream_id: string }[];
    expect(sealed.map((r) => r.stream_id)).toEqual([1, 2, 3, 4].map(ledger));
  });
});
