import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { adminClient, createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { EventStore } from './event-store';
import { sealStreamHeads, SealOptions } from './seals';
import { withTransaction } from './transaction';
import { NewEvent } from './types';
import { AuditFinding, ChainReport, verifyStore, VerifyCursor, VerifyOptions } from './verification';

const KEY = Buffer.from(randomBytes(32).toString('base64url'));
const event = (type: string, data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });

/** What an auditor reads off a finding: which kind, which stream, which version. */
const named = (f: AuditFinding) => [f.kind, f.streamId ?? `seal ${f.sealId}`, f.streamVersion];
const sorted = (findings: AuditFinding[]) => findings.map(named).sort((a, b) => String(a).localeCompare(String(b)));

/** As a tamperer with the superuser's password would: triggers off, then straight SQL. */
async function tamper(db: TestDatabase, ...statements: [string, unknown[]?][]): Promise<void> {
  const su = await adminClient(db);
  try {
    await su.query(`SET session_replication_role = replica`);
    for (const [sql, params] of statements) await su.query(sql, params ?? []);
  } finally {
    await su.end();
  }
}

/**
 * Seals until the seals reach the store's head. A seal stops before the oldest transaction still
 * open anywhere on the (shared) server, so one pass may fall short while others' tests run.
 */
async function sealToHead(db: TestDatabase, store: EventStore, options: SealOptions = {}) {
  const [{ head }] = (await db.dataSource.query(`SELECT coalesce(max(global_position), 0)::bigint AS head FROM events`)) as { head: string }[];
  const results: Awaited<ReturnType<typeof sealStreamHeads>>[] = [];
  await waitFor(`seals up to position ${head}`, async () => {
    const result = await sealStreamHeads(db.dataSource, KEY, options);
    results.push(result);
    return result.upto.globalPosition >= Number(head);
  });
  return {
    seals: results.flatMap((r) => r.seals),
    heads: results.reduce((n, r) => n + r.heads, 0),
  };
}

/** A whole-store verification in bounded calls, as the HTTP API runs it: every page's findings and counts together. */
async function verifyInPages(db: TestDatabase, options: VerifyOptions): Promise<{ pages: ChainReport[]; findings: AuditFinding[]; streams: number; events: number }> {
  const pages: ChainReport[] = [];
  let after: VerifyCursor | undefined;
  do {
    const page = await verifyStore(db.dataSource, { ...options, after });
    pages.push(page);
    after = page.next;
    if (pages.length > 1000) throw new Error('verification does not end');
  } while (after);
  return {
    pages,
    findings: pages.flatMap((p) => p.findings),
    streams: pages.reduce((n, p) => n + p.streamsChecked, 0),
    events: pages.reduce((n, p) => n + p.eventsChecked, 0),
  };
}

describe('signed stream-head seals (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterEach(async () => {
    await db?.drop();
  });

  const appendAll = (streams: string[], events: () => NewEvent[]) =>
    withTransaction(db.dataSource, (tx) => store.appendIn(tx, streams.map((streamId) => ({ streamId, events: events(), expectedVersion: 'no_stream' as const }))));

  /** Three orders of three events each, sealed. */
  async function sealedStore(): Promise<string[]> {
    const streams = ['order-a', 'order-b', 'order-c'].map((s) => `${s}${randomUUID().slice(0, 8)}`);
    // One transaction, so one seal holds them all however far other transactions on the server hold the horizon back.
    await appendAll(streams, () => [event('Placed', { total: 100 }), event('Confirmed'), event('Shipped')]);
    await sealToHead(db, store);
    return streams;
  }

  it('verifies a sealed store: every chain, every sealed head and the chain of seals', async () => {
    const streams = await sealedStore();
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report).toMatchObject({
      ok: true,
      streamsChecked: 3,
      eventsChecked: 9,
      findings: [],
      findingsOmitted: 0,
      seals: { checked: true, sealsVerified: expect.any(Number), headsCompared: 3, latest: { sealId: expect.any(Number) } },
    });
    expect(report.seals.sealsVerified).toBeGreaterThanOrEqual(1);
    expect(await store.verifyChain(streams[0], { key: KEY })).toMatchObject({ ok: true, eventsChecked: 3, seals: { headsCompared: 1 } });
  });

  it('names an event whose content a superuser changed behind the trigger', async () => {
    const [a, b] = await sealedStore();
    await tamper(db, [`UPDATE events SET data = '{"total": 1}' WHERE stream_id = $1 AND stream_version = 1`, [a]]);
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'altered', streamId: a, streamVersion: 1, reason: 'hash does not match the stored event' })]);
    expect(report.firstBreak).toMatchObject({ streamId: a, streamVersion: 1 });
    expect((await store.verifyChain(b, { key: KEY })).ok).toBe(true);
  });

  it('names a stream whose tail was deleted, which the hash chain alone cannot see', async () => {
    const [a] = await sealedStore();
    await tamper(db, [`DELETE FROM events WHERE stream_id = $1 AND stream_version >= 2`, [a]]);

    const chainsOnly = await store.verifyChain();
    expect(chainsOnly).toMatchObject({ ok: true, eventsChecked: 7, seals: { checked: false, note: expect.stringMatching(/no key/) } });

    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'removed-tail', streamId: a, streamVersion: 3, headVersion: 1, reason: expect.stringMatching(/head is at version 1, below version 3/) }),
    ]);
    expect((await store.verifyChain(a, { key: KEY })).findings.map(named)).toEqual([['removed-tail', a, 3]]);
  });

  it('names a stream that was deleted whole', async () => {
    const [, b] = await sealedStore();
    await tamper(db, [`DELETE FROM events WHERE stream_id = $1`, [b]]);
    expect((await store.verifyChain()).ok).toBe(true);
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report).toMatchObject({ ok: false, streamsChecked: 2, eventsChecked: 6 });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'removed-stream', streamId: b, streamVersion: 3 })]);
    expect((await store.verifyChain(b, { key: KEY })).findings.map(named)).toEqual([['removed-stream', b, 3]]);
  });

  it('names a stream rewritten with recomputed hashes, which only its seal still contradicts', async () => {
    const [a] = await sealedStore();
    const [third] = await store.readStream(a, { fromVersion: 3 });
    // The tamperer rewrites the last event and recomputes its hash like the store would.
    const { eventHash } = await import('./hash');
    const forged = { ...third, data: { forged: true } };
    await tamper(db, [`UPDATE events SET data = $2, hash = $3 WHERE stream_id = $1 AND stream_version = 3`, [a, forged.data, eventHash(third.prevHash, forged)]]);
    expect((await store.verifyChain()).ok).toBe(true);
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'removed-tail', streamId: a, streamVersion: 3, reason: expect.stringMatching(/rewritten/) })]);
  });

  it('names a forged seal and a forged head, and still names the tail they were forged to hide', async () => {
    const [a, b] = await sealedStore();
    const [last] = (await db.dataSource.query(`SELECT * FROM audit_seals ORDER BY seal_id DESC LIMIT 1`)) as { seal_id: string; signature: string }[];
    const fakeId = Number(last.seal_id) + 1;
    const [two] = await store.readStream(a, { fromVersion: 2 });
    const [bOne] = await store.readStream(b);
    await tamper(
      db,
      // a: the tail deleted, then a seal made up without the key, claiming the head is version 2.
      [`DELETE FROM events WHERE stream_id = $1 AND stream_version = 3`, [a]],
      [
        `INSERT INTO audit_seals (seal_id, sealed_at, upto_transaction_id, upto_position, heads_count, heads_digest, key_id, prev_signature, signature)
         SELECT $1, now(), upto_transaction_id, upto_position, 1, repeat('d', 64), key_id, signature, repeat('e', 64) FROM audit_seals WHERE seal_id = $2`,
        [fakeId, last.seal_id],
      ],
      [`INSERT INTO audit_seal_heads VALUES ($1, $2, 2, $3, repeat('f', 64))`, [fakeId, a, two.hash]],
      // b: the tail deleted, and the sealed head changed in place to match.
      [`DELETE FROM events WHERE stream_id = $1 AND stream_version >= 2`, [b]],
      [`UPDATE audit_seal_heads SET stream_version = 1, hash = $2 WHERE stream_id = $1`, [b, bOne.hash]],
    );
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(sorted(report.findings)).toEqual(
      sorted([
        { kind: 'seal-forged', streamId: a, streamVersion: 2, reason: '' },
        { kind: 'removed-tail', streamId: a, streamVersion: 3, reason: '' },
        { kind: 'seal-forged', streamId: b, streamVersion: 1, reason: '' },
        { kind: 'seal-forged', sealId: fakeId, reason: '' },
      ]),
    );
    const sealFinding = report.findings.find((f) => f.kind === 'seal-forged' && !f.streamId);
    expect(sealFinding?.reason).toMatch(new RegExp(`seal ${fakeId}: .*(signature does not verify|heads were changed)`));
  });

  it('names a seal missing from the chain', async () => {
    const streams = Array.from({ length: 7 }, (_, i) => `order-m${i}${randomUUID().slice(0, 8)}`);
    await appendAll(streams, () => [event('Placed')]);
    const { seals } = await sealToHead(db, store, { headsPerSeal: 3 });
    expect(seals.map((s) => s.headsCount)).toEqual([3, 3, 1]);
    expect((await store.verifyChain(undefined, { key: KEY })).ok).toBe(true);

    const middle = seals[1].sealId;
    await tamper(db, [`DELETE FROM audit_seal_heads WHERE seal_id = $1`, [middle]], [`DELETE FROM audit_seals WHERE seal_id = $1`, [middle]]);
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'seal-forged', sealId: middle + 1, reason: `seal ${middle + 1}: seal ${middle} before it is missing` })]);
  });

  it('verified with the wrong key, says every seal was signed with another key and trusts none of them', async () => {
    await sealedStore();
    await sealToHead(db, store);
    const wrong = Buffer.from(randomBytes(32).toString('base64url'));
    const report = await store.verifyChain(undefined, { key: wrong });
    const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_seals`)) as { n: number }[];
    expect(report.ok).toBe(false);
    expect(report.findings).toHaveLength(n);
    for (const f of report.findings) expect(f).toMatchObject({ kind: 'seal-forged', reason: expect.stringMatching(/signed with another key/) });
  });

  it('stores only the heads that changed since the previous seal, each seal signed over the one before', async () => {
    const [a, b, c] = await sealedStore();
    await store.append(b, [event('Delivered')], { expectedVersion: 3 });
    const second = await sealToHead(db, store);
    expect(second.heads).toBe(1);
    const heads = (await db.dataSource.query(`SELECT seal_id, stream_id, stream_version FROM audit_seal_heads ORDER BY seal_id, stream_id`)) as {
      stream_id: string;
      stream_version: number;
    }[];
    expect(heads.map((h) => [h.stream_id, h.stream_version])).toEqual([
      ...[a, b, c].sort().map((s) => [s, 3]),
      [b, 4],
    ]);
    const chain = (await db.dataSource.query(`SELECT prev_signature, signature FROM audit_seals ORDER BY seal_id`)) as { prev_signature: string; signature: string }[];
    chain.slice(1).forEach((seal, i) => expect(seal.prev_signature).toBe(chain[i].signature));
    expect(await sealStreamHeads(db.dataSource, KEY)).toMatchObject({ seals: [], heads: 0 });
  });

  it('never seals past a transaction still open, and seals its events once it commits', async () => {
    const open = `order-open${randomUUID().slice(0, 8)}`;
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await store.append(open, [event('Placed')], { expectedVersion: 'no_stream', tx: runner });
      await store.append(`order-after${randomUUID().slice(0, 8)}`, [event('Placed')], { expectedVersion: 'no_stream' });
      const sealed = await sealStreamHeads(db.dataSource, KEY);
      const [{ position }] = (await db.dataSource.query(`SELECT min(global_position)::bigint AS position FROM events`)) as { position: string }[];
      expect(sealed.upto.globalPosition).toBeLessThan(Number(position));
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await sealToHead(db, store);
    const report = await store.verifyChain(undefined, { key: KEY });
    expect(report).toMatchObject({ ok: true, seals: { headsCompared: 2 } });
  });

  it('lists at most maxFindings and counts the rest', async () => {
    const streams = Array.from({ length: 5 }, (_, i) => `order-f${i}${randomUUID().slice(0, 8)}`);
    for (const s of streams) await store.append(s, [event('Placed'), event('Confirmed')], { expectedVersion: 'no_stream' });
    await sealToHead(db, store);
    await tamper(db, [`DELETE FROM events WHERE stream_id = ANY($1)`, [streams]]);
    const report = await store.verifyChain(undefined, { key: KEY, maxFindings: 2 });
    expect(report).toMatchObject({ ok: false, findingsOmitted: 3 });
    expect(report.findings).toHaveLength(2);
  });

  it('lets no one but a superuser behind the trigger change or delete a seal', async () => {
    await sealedStore();
    for (const sql of [`UPDATE audit_seals SET signature = repeat('0', 64)`, `DELETE FROM audit_seal_heads`, `TRUNCATE audit_seals CASCADE`]) {
      await expect(db.dataSource.query(sql)).rejects.toThrow(/permission denied/);
    }
    const su: Client = await adminClient(db);
    try {
      await expect(su.query(`DELETE FROM audit_seal_heads`)).rejects.toThrow(/audit_seal_heads is append-only: DELETE is not allowed/);
      await expect(su.query(`UPDATE audit_seals SET signature = repeat('0', 64)`)).rejects.toThrow(/audit_seals is append-only: UPDATE is not allowed/);
    } finally {
      await su.end();
    }
  });

  it('at volume (20,000 streams, 200,000 events): seals, re-seals what changed, and names exactly the streams tampered with, whole or page by page', async () => {
    const streams = 20_000;
    const perStream = 10;
    await insertChains(db, 'vol', streams, perStream);
    const first = await sealToHead(db, store);
    expect(first.heads).toBe(streams);
    expect(first.seals.length).toBe(2); // 10,000 heads per seal

    // 5,000 streams move on: the next seal holds only them.
    const moved = Array.from({ length: 5000 }, (_, i) => volStream(i + 1));
    for (let i = 0; i < moved.length; i += 500) {
      await withTransaction(db.dataSource, (tx) =>
        store.appendIn(
          tx,
          moved.slice(i, i + 500).map((streamId) => ({ streamId, events: [event('Noted', { more: true })], expectedVersion: perStream })),
        ),
      );
    }
    expect((await sealToHead(db, store)).heads).toBe(5000);

    const altered = volStream(123);
    const cut = volStream(12_345);
    const gone = volStream(19_999);
    await tamper(
      db,
      [`UPDATE events SET data = '{"i": -1}' WHERE stream_id = $1 AND stream_version = 4`, [altered]],
      [`DELETE FROM events WHERE stream_id = $1 AND stream_version > 7`, [cut]],
      [`DELETE FROM events WHERE stream_id = $1`, [gone]],
    );
    const expected = [
      ['altered', altered, 4],
      ['removed-stream', gone, perStream],
      ['removed-tail', cut, perStream],
    ];
    const total = streams * perStream + moved.length - 3 - perStream;

    const whole = await store.verifyChain(undefined, { key: KEY });
    expect(sorted(whole.findings)).toEqual(expected);
    const [{ n: sealCount }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_seals`)) as { n: number }[];
    expect(whole).toMatchObject({ streamsChecked: streams - 1, eventsChecked: total, seals: { sealsVerified: sealCount, headsCompared: streams + 5000 } });

    const paged = await verifyInPages(db, { key: KEY, maxStreams: 3000, maxEvents: 25_000 });
    expect(sorted(paged.findings)).toEqual(expected);
    expect([paged.streams, paged.events]).toEqual([streams - 1, total]);
    expect(paged.pages.length).toBeGreaterThan(8);
  });

  it('pages cover every stream once, even one longer than a page, and a removed stream on a page boundary', async () => {
    const long = `stock-long${randomUUID().slice(0, 8)}`;
    await store.append(long, Array.from({ length: 25 }, (_, i) => event('Received', { i })), { expectedVersion: 'no_stream' });
    const others = Array.from({ length: 9 }, (_, i) => `order-p${i}`);
    for (const s of others) await store.append(s, [event('Placed'), event('Confirmed')], { expectedVersion: 'no_stream' });
    await sealToHead(db, store);
    await tamper(db, [`DELETE FROM events WHERE stream_id = 'order-p4'`], [`UPDATE events SET data = '{"i": 99}' WHERE stream_id = $1 AND stream_version = 17`, [long]]);

    const paged = await verifyInPages(db, { key: KEY, maxStreams: 2, maxEvents: 7, pageSize: 3 });
    expect(sorted(paged.findings)).toEqual([
      ['altered', long, 17],
      ['removed-stream', 'order-p4', 2],
    ]);
    expect([paged.streams, paged.events]).toEqual([9, 25 + 8 * 2]);
    const whole = await verifyStore(db.dataSource, { key: KEY });
    expect(paged.pages.reduce((n, p) => n + p.seals.headsCompared, 0)).toBe(whole.seals.headsCompared);
  });
});

const volStream = (n: number) => `vol-${String(n).padStart(6, '0')}`;

/**
 * `streams` streams of `perStream` events with valid hash chains, in one set-based statement: the
 * canonical JSON `eventHash` hashes, written out in SQL for events of this one shape.
 */
async function insertChains(db: TestDatabase, category: string, streams: number, perStream: number): Promise<void> {
  const canonical = (sid: string, v: string, id: string) =>
    `'{"data":{"i":' || ${v} || '},"eventId":"' || ${id} || '","metadata":{},"recordedAt":"2026-01-01T00:00:00.000Z","schemaVersion":1,"streamId":"' || ${sid} || '","streamVersion":' || ${v} || ',"type":"Noted"}'`;
  const hash = (prev: string, sid: string, v: string, id: string) => `encode(sha256(convert_to(${prev} || E'\\n' || ${canonical(sid, v, id)}, 'UTF8')), 'hex')`;
  // A bulk import, written straight into the table: only the schema owner may (ADR 23).
  const su = await adminClient(db);
  await su.query(
    `WITH RECURSIVE chain(sid, v, id, prev, h) AS (
       SELECT s.sid, 1, s.id, repeat('0', 64), ${hash(`repeat('0', 64)`, 's.sid', '1', 's.id')}
         FROM (SELECT '${category}-' || lpad(n::text, 6, '0') AS sid, gen_random_uuid()::text AS id FROM generate_series(1, $1) n) s
       UNION ALL
       SELECT c.sid, c.v + 1, c.next_id, c.h, ${hash('c.h', 'c.sid', '(c.v + 1)', 'c.next_id')}
         FROM (SELECT chain.*, gen_random_uuid()::text AS next_id FROM chain WHERE chain.v < $2) c
     )
     INSERT INTO events (stream_id, stream_category, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
     SELECT sid, '${category}', v, id::uuid, 'Noted', 1, jsonb_build_object('i', v), '{}', '2026-01-01T00:00:00.000Z', prev, h FROM chain`,
    [streams, perStream],
  ).finally(() => su.end());
}
