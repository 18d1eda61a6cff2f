import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { DB_ROLES } from './app-role';
import { EventStore } from './event-store';
import { NewEvent } from './types';

const event = (type: string, data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });
const LONG_AGO = new Date('2001-01-01T00:00:00.000Z');

/**
 * Each service's database role (ADR 23), tried against the store itself: what it may append, what
 * time and chain it gets, and what it may not touch. Every service logs in as its own role here, as
 * the e2e suites' processes do.
 */
describe('database roles of the services (real PostgreSQL)', () => {
  let db: TestDatabase;
  const sources = new Map<string, DataSource>();

  /** A store as `service`'s own role, with a client clock set long ago: the store must not use it. */
  const as = async (service: keyof typeof DB_ROLES) => {
    let ds = sources.get(service);
    if (!ds) {
      ds = await new DataSource({ type: 'postgres', url: db.urlFor(service), extra: { max: 2 } }).initialize();
      sources.set(service, ds);
    }
    return { ds, store: new EventStore(ds, () => LONG_AGO) };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const ds of sources.values()) await ds.destroy();
    await db?.drop();
  });

  const countOf = async (streamId: string) =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [streamId]))[0].n as number;

  it.each([
    ['order-service', 'order'],
    ['inventory-service', 'stock'],
    ['inventory-service', 'reservation'],
    ['shipping-service', 'shipment'],
    ['after-sales-service', 'return'],
    ['after-sales-service', 'complaint'],
  ] as const)('%s appends to its own %s streams, stamped with the database clock whatever its own clock says', async (service, category) => {
    const { store } = await as(service);
    const streamId = `${category}-${randomUUID()}`;
    const [{ before }] = await db.dataSource.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS before`);
    await store.append(streamId, [event('Happened', { n: 1 }), event('Happened', { n: 2 })], { expectedVersion: 'no_stream' });
    const stored = await store.readStream(streamId);
    expect(stored).toHaveLength(2);
    for (const e of stored) {
      expect(e.recordedAt.getTime()).toBeGreaterThanOrEqual((before as Date).getTime());
      expect(e.recordedAt.getTime()).toBeLessThan(Date.now() + 60_000);
    }
  });

  it.each([
    ['order-service', 'stock'],
    ['inventory-service', 'order'],
    ['shipping-service', 'return'],
    ['after-sales-service', 'shipment'],
    ['query-service', 'order'],
    ['ingest-gateway', 'order'],
    ['ingest-gateway', 'stock'],
    ['cli', 'order'],
  ] as const)('%s may not append to %s streams: refused, naming its role and the category, and nothing is stored', async (service, category) => {
    const { store } = await as(service);
    const streamId = `${category}-${randomUUID()}`;
    await expect(store.append(streamId, [event('Forged')], { expectedVersion: 'any' })).rejects.toThrow(
      new RegExp(`role ${DB_ROLES[service]} may not append Forged events on ${category} streams`),
    );
    expect(await countOf(streamId)).toBe(0);
  });

  it('a service records the use of an API key, and only the operators\' CLI creates or revokes one', async () => {
    const keyStream = `apikey-${randomUUID().slice(0, 12)}`;
    await expect((await as('ingest-gateway')).store.append(keyStream, [event('ApiKeyCreated')], { expectedVersion: 'any' })).rejects.toThrow(/may not append ApiKeyCreated/);
    await (await as('cli')).store.append(keyStream, [event('ApiKeyCreated')], { expectedVersion: 'no_stream' });
    await (await as('ingest-gateway')).store.append(keyStream, [event('ApiKeyUsed')], { expectedVersion: 'any' });
    await expect((await as('query-service')).store.append(keyStream, [event('ApiKeyRevoked')], { expectedVersion: 'any' })).rejects.toThrow(/may not append ApiKeyRevoked/);
    expect(await countOf(keyStream)).toBe(2);
  });

  it('the chain the store computes verifies, so nobody needs the client to hash', async () => {
    const { store } = await as('order-service');
    const streamId = `order-${randomUUID()}`;
    // Data whose canonical text needs escaping, and a type that does too.
    await store.append(streamId, [event('Order"Noted', { 'b\n': 'ü"\u001f', a: [1.5, null] }), event('OrderNoted')], { expectedVersion: 'no_stream' });
    const report = await new EventStore(db.dataSource).verifyChain();
    expect(report.findings).toEqual([]);
    expect(report.eventsChecked).toBeGreaterThanOrEqual(2);
    expect(report.ok).toBe(true);
  });

  it('only the importer role (tests, history imports) may give the time of an event', async () => {
    const importer = new EventStore(db.dataSource, () => LONG_AGO); // the fixture role is an importer
    const streamId = `order-${randomUUID()}`;
    await importer.append(streamId, [event('Imported')], { expectedVersion: 'no_stream' });
    const [stored] = await importer.readStream(streamId);
    expect(stored.recordedAt.toISOString()).toBe(LONG_AGO.toISOString());
  });

  it.each(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway', 'cli'] as const)(
    '%s cannot write the events table but through the store, nor delete snapshots, seals or keys, nor change who may append',
    async (service) => {
      const { ds } = await as(service);
      const su = await adminClient(db);
      try {
        await su.query(`INSERT INTO snapshots (stream_id, version, schema, state) VALUES ('stock-x', 1, 's', '{}') ON CONFLICT DO NOTHING`);
      } finally {
        await su.end();
      }
      const forbidden = [
        `INSERT INTO events (stream_id, stream_category, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES ('order-x', 'order', 1, '${randomUUID()}', 'Forged', 1, '{}', '{}', now(), repeat('0', 64), repeat('0', 64))`,
        `UPDATE events SET data = '{}'`,
        `DELETE FROM snapshots`,
        `TRUNCATE snapshots`,
        `DELETE FROM audit_seals`,
        `UPDATE api_keys SET role = 'admin'`,
        `DELETE FROM api_keys`,
        `CREATE TABLE public.sneaky (x int)`,
        `DELETE FROM stream_writers`,
      ];
      for (const sql of forbidden) await expect(ds.query(sql)).rejects.toThrow(/permission denied|append-only/);
    },
  );

  it.each([
    ['ingest-gateway', 'SELECT 1 FROM events LIMIT 1'],
    // The gateway's inbox grant comes with its webhooks (its own migration, docs/adr/0035).
    ['ingest-gateway', 'SELECT 1 FROM snapshots LIMIT 1'],
    ['query-service', 'SELECT 1 FROM snapshots LIMIT 1'],
    ['query-service', 'SELECT 1 FROM inbox LIMIT 1'],
    ['order-service', 'SELECT 1 FROM audit_seals LIMIT 1'],
    ['ingest-gateway', 'SELECT 1 FROM checkpoints LIMIT 1'],
    ['inventory-service', "INSERT INTO api_keys (key_id, name, role, secret_hash, created_at, created_by) VALUES ('0123456789ab', 'x', 'admin', 'x', now(), 'x')"],
  ] as const)('%s may not even read what it does not need: %s', async (service, sql) => {
    const { ds } = await as(service);
    await expect(ds.query(sql)).rejects.toThrow(/permission denied/);
  });
});
