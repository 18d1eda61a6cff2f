import { Client } from 'pg';
import { FaultProxy } from './fault-proxy';
import { createTestDatabase, TestDatabase } from './infra';
import { waitFor } from './wait';

/** The fault proxy against the real PostgreSQL: what a service sees when the database goes away. */
describe('FaultProxy in front of PostgreSQL', () => {
  let db: TestDatabase;
  let proxy: FaultProxy;
  let direct: Client;
  const through = (options: { connectionTimeoutMillis?: number } = {}) =>
    new Client({ connectionString: proxy.rewrite(db.adminUrl), ...options });

  beforeAll(async () => {
    db = await createTestDatabase();
    direct = new Client({ connectionString: db.adminUrl });
    await direct.connect();
    await direct.query(`CREATE TABLE proxied_payments (id int PRIMARY KEY, amount_minor int NOT NULL)`);
    const target = new URL(db.adminUrl);
    proxy = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 5432) } });
  });
  afterAll(async () => {
    await proxy?.close();
    await direct?.end();
    await db?.drop();
  });
  afterEach(async () => {
    await proxy.up();
    await direct.query(`TRUNCATE proxied_payments`);
  });

  it('forwards queries untouched while up', async () => {
    const client = through();
    await client.connect();
    try {
      await client.query(`INSERT INTO proxied_payments VALUES (1, 1299)`);
      expect((await client.query(`SELECT amount_minor FROM proxied_payments`)).rows).toEqual([{ amount_minor: 1299 }]);
    } finally {
      await client.end();
    }
  });

  it('drops a connection in the middle of a transaction, which the server then rolls back', async () => {
    const client = through();
    client.on('error', () => undefined);
    await client.connect();
    await client.query('BEGIN');
    await client.query(`INSERT INTO proxied_payments VALUES (2, 500)`);
    const pid = (await client.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
    expect(proxy.openConnections()).toBe(1);

    await proxy.down('refuse');

    await expect(client.query(`INSERT INTO proxied_payments VALUES (3, 700)`)).rejects.toThrow();
    await expect(client.query('COMMIT')).rejects.toThrow();
    // The server sees its peer gone and ends the session: nothing of the transaction survives.
    await waitFor('the dropped session to end on the server', async () => {
      const { rows } = await direct.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid]);
      return rows.length === 0;
    });
    expect((await direct.query(`SELECT count(*)::int AS n FROM proxied_payments`)).rows).toEqual([{ n: 0 }]);
    expect(proxy.stats().dropped).toBeGreaterThanOrEqual(1);
  });

  it('refuses new connections while down, and forwards again once up', async () => {
    await proxy.down('refuse');
    const refused = through();
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);

    await proxy.up();
    const client = through();
    await client.connect();
    try {
      await client.query(`INSERT INTO proxied_payments VALUES (4, 100)`);
    } finally {
      await client.end();
    }
    expect((await direct.query(`SELECT count(*)::int AS n FROM proxied_payments`)).rows).toEqual([{ n: 1 }]);
  });

  it('black-holes new connections while down: they hang until the client gives up', async () => {
    const open = through();
    open.on('error', () => undefined);
    await open.connect();
    await proxy.down('blackhole');
    await expect(open.query('SELECT 1')).rejects.toThrow();

    const hanging = through({ connectionTimeoutMillis: 1500 });
    hanging.on('error', () => undefined);
    await expect(hanging.connect()).rejects.toThrow(/timeout/i);
    expect(proxy.stats().turnedAway).toBeGreaterThanOrEqual(1);

    await proxy.up();
    const client = through();
    await client.connect();
    try {
      expect((await client.query(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});
