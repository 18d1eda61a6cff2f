import { EventStore } from '@orderflow/event-store';
import { ApiKeys, Role, ROLE_PERMISSIONS, Scope } from '@orderflow/security';
import { allTopicSpecs } from '@orderflow/contracts';
import { bearer, createTestDatabase, createTestTopics, TestDatabase, testBus, uniqueSuffix, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter, Scenario, writeRealisticHistory } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Who may read what from the query API (docs/adr/0018), over a realistic history with orders of
 * three channels: every route against every role, no key, bad keys and a revoked one; a channel
 * key held to its own channel; the rate limit per key.
 */
/** A route open to every valid key, whatever its role (GET /whoami). */
const ANY_KEY = 'any key';

describe('query API access (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let story: Scenario;
  const keys = {} as Record<'webshop' | 'warehouse' | 'carrier' | 'factory' | 'operator' | 'auditor' | 'admin', string>;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    const writer = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(writer);
    await writer.flush();
    // Dead letters and consumer lag are read from topics of this spec's own.
    const namespace = `access${uniqueSuffix()}`;
    await createTestTopics(testBus(namespace), allTopicSpecs(namespace));
    api = await startQueryApp(db, { TOPIC_NAMESPACE: namespace });
    await api.caughtUp();
    const issue: [keyof typeof keys, Role, Scope][] = [
      ['webshop', 'channel', { channel: 'webshop' }],
      ['warehouse', 'warehouse', { warehouse: '*' }],
      ['carrier', 'carrier', { carrier: '*' }],
      ['factory', 'factory', {}],
      ['operator', 'operator', {}],
      ['auditor', 'auditor', {}],
      ['admin', 'admin', {}],
    ];
    for (const [name, role, scope] of issue) keys[name] = await api.key(role, scope);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const as = async (token: string | undefined, path: string) => {
    const hangUp = new AbortController();
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: token === undefined ? '' : `Bearer ${token}` }, signal: hangUp.signal });
    // An event stream (GET /live) never ends: its status and headers are the answer, then it is hung up.
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      hangUp.abort();
      return { status: res.status, body: {} as D, headers: res.headers };
    }
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as D, headers: res.headers };
  };
  /** A request that changes something, sent with a body the route refuses (400) once the key may send it. */
  const post = async (token: string | undefined, path: string, body: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as D, headers: res.headers };
  };
  const noKey = async (path: string) => {
    const res = await fetch(`${api.url}${path}`);
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as D, headers: res.headers };
  };

  /** One concrete request per route the service registered, and the permission it needs. */
  const requests = (): { route: string; path: string; permission: string | null; post?: unknown; allowedStatus?: number }[] => {
    const o1 = story.o1.orderId;
    const table: Record<string, { path: string; permission: string | null; post?: unknown; allowedStatus?: number }> = {
      'GET /health': { path: '/health', permission: null },
      // Scraped by Prometheus without a key; it names no person or order (docs/adr/0026).
      'GET /metrics': { path: '/metrics', permission: null },
      'GET /docs': { path: '/docs', permission: null },
      'GET /docs/openapi.json': { path: '/docs/openapi.json', permission: null },
      'GET /docs/assets/{file}': { path: '/docs/assets/swagger-ui-bundle.js', permission: null },
      'GET /dead-letters': { path: '/dead-letters', permission: 'dead-letters:handle' },
      'GET /dead-letters/{topic}': { path: '/dead-letters/channel.orders', permission: 'dead-letters:handle' },
      // Empty bodies: past the guard they are 400s, so nothing is replayed or rebuilt here.
      'POST /dead-letters/{topic}/replay': { path: '/dead-letters/channel.orders/replay', permission: 'dead-letters:handle', post: {}, allowedStatus: 400 },
      'POST /projections/rebuild': { path: '/projections/rebuild', permission: 'projections:rebuild', post: {}, allowedStatus: 400 },
      'GET /pipeline': { path: '/pipeline', permission: 'projections:read' },
      'GET /whoami': { path: '/whoami', permission: ANY_KEY },
      'GET /orders': { path: '/orders?limit=5', permission: 'orders:read' },
      'GET /orders/{orderId}': { path: `/orders/${o1}`, permission: 'orders:read' },
      'GET /orders/{orderId}/timeline': { path: `/orders/${o1}/timeline`, permission: 'orders:read' },
      'GET /channels/{channel}/orders/{externalOrderId}': { path: `/channels/webshop/orders/${story.o1.spec.externalOrderId}`, permission: 'orders:read' },
      'GET /shipments/{shipmentId}': { path: '/shipments/OF-000001-1', permission: 'shipments:read' },
      'GET /returns/{rmaNumber}': { path: '/returns/RMA-000001', permission: 'returns:read' },
      'GET /inventory': { path: '/inventory', permission: 'inventory:read' },
      'GET /inventory/{sku}': { path: '/inventory/MUG-RED', permission: 'inventory:read' },
      'GET /inventory/{sku}/history': { path: '/inventory/MUG-RED/history', permission: 'inventory:read' },
      'GET /queues/backorders': { path: '/queues/backorders', permission: 'inventory:read' },
      'GET /queues/late-shipments': { path: '/queues/late-shipments', permission: 'shipments:read' },
      'GET /queues/complaints': { path: '/queues/complaints?dueWithinHours=24', permission: 'orders:read' },
      'GET /queues/returns-awaiting': { path: '/queues/returns-awaiting', permission: 'returns:read' },
      'GET /production-orders': { path: '/production-orders?status=REQUESTED,STARTED', permission: 'orders:read' },
      'GET /reports/orders-per-minute': { path: '/reports/orders-per-minute?minutes=60', permission: 'reports:read' },
      'GET /reports/funnel': { path: '/reports/funnel', permission: 'reports:read' },
      'GET /live': { path: '/live', permission: 'orders:read' },
      'GET /reports/sales': { path: '/reports/sales', permission: 'reports:read' },
      'GET /reports/fulfillment': { path: '/reports/fulfillment', permission: 'reports:read' },
      'GET /reports/after-sales': { path: '/reports/after-sales', permission: 'reports:read' },
      'GET /reports/finance': { path: '/reports/finance?groupBy=channel', permission: 'reports:read' },
      'GET /reports/replenishment': { path: '/reports/replenishment?serviceLevel=0.95', permission: 'reports:read' },
      'GET /reports/customers/{customerId}': { path: '/reports/customers/C-1?channel=webshop', permission: 'reports:read' },
      'GET /reports/trends': { path: '/reports/trends?window=7d', permission: 'reports:read' },
      'GET /reports/delivery-emissions': { path: '/reports/delivery-emissions?groupBy=warehouse', permission: 'reports:read' },
      'GET /projections': { path: '/projections', permission: 'projections:read' },
      'GET /audit/verify': { path: '/audit/verify', permission: 'audit:read' },
      'GET /audit/streams/{streamId}': { path: `/audit/streams/order-${o1}`, permission: 'audit:read' },
    };
    const unknown = api.routes.filter((r) => !(r in table));
    // A route added without a line here fails this spec: every route is tried against every role.
    expect(unknown).toEqual([]);
    return api.routes.map((route) => ({ route, ...table[route] }));
  };

  it('answers 401 with WWW-Authenticate: Bearer on every route but /health and /docs, without a key', async () => {
    for (const { route, path, permission, post: body } of requests()) {
      const res = body === undefined ? await noKey(path) : await post(undefined, path, body);
      if (permission === null) {
        expect([route, res.status]).toEqual([route, 200]);
        continue;
      }
      expect([route, res.status, res.headers.get('www-authenticate')]).toEqual([route, 401, 'Bearer realm="orderflow"']);
      expect(res.body.message).toMatch(/Authorization: Bearer <key>/);
    }
  });

  it('answers 401 to a malformed header, a made-up key, a key with a wrong secret and a revoked key', async () => {
    const path = `/orders/${story.o1.orderId}`;
    const real = keys.operator;
    const wrongSecret = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const header of ['Basic b3BlcmF0b3I6c2VjcmV0', `Bearer`, real]) {
      const res = await api.get(path, { authorization: header });
      expect([header, res.status]).toEqual([header, 401]);
    }
    for (const token of ['ofk_0123456789ab_' + 'x'.repeat(43), wrongSecret, 'not-a-key']) {
      const res = await as(token, path);
      expect([token, res.status, res.headers.get('www-authenticate')]).toEqual([token, 401, 'Bearer realm="orderflow", error="invalid_token"']);
    }

    const doomed = await api.key('operator');
    expect((await as(doomed, path)).status).toBe(200);
    const [keyId] = /^ofk_([0-9a-f]{12})_/.exec(doomed)!.slice(1);
    await new ApiKeys(db.dataSource).revoke(keyId, 'test');
    // Refused from the next request on: the revocation's append notification clears every cache.
    await waitFor('the revoked key refused', async () => (await as(doomed, path)).status === 401, { timeoutMs: 5000, intervalMs: 20 });
  });

  it('lets each role do exactly what its permissions say, and names the missing permission otherwise', async () => {
    const allowed: Record<keyof typeof keys, string[]> = {
      webshop: ['orders:read', 'shipments:read', 'returns:read'],
      warehouse: [],
      carrier: [],
      factory: [],
      operator: ['orders:read', 'shipments:read', 'returns:read', 'inventory:read', 'reports:read', 'projections:read', 'dead-letters:handle', 'projections:rebuild'],
      auditor: ['orders:read', 'shipments:read', 'returns:read', 'inventory:read', 'reports:read', 'projections:read', 'audit:read'],
      admin: [],
    };
    for (const { route, path, permission, post: body, allowedStatus = 200 } of requests()) {
      if (permission === null) continue;
      for (const [name, token] of Object.entries(keys) as [keyof typeof keys, string][]) {
        const res = body === undefined ? await as(token, path) : await post(token, path, body);
        if (permission === ANY_KEY || allowed[name].includes(permission)) {
          expect([route, name, res.status]).toEqual([route, name, allowedStatus]);
        } else {
          expect([route, name, res.status, res.body.missing]).toEqual([route, name, 403, permission]);
          expect(res.body.message).toContain(`needs the permission ${permission}`);
        }
      }
    }
  });

  it('tells every key who it is and what its role may do, and nothing to a revoked or missing key', async () => {
    for (const [name, token] of Object.entries(keys) as [keyof typeof keys, string][]) {
      const res = await as(token, '/whoami');
      expect([name, res.status]).toEqual([name, 200]);
      const role = res.body.role as Role;
      expect(res.body).toEqual({ keyId: expect.stringMatching(/^[0-9a-f]{12}$/), name: expect.any(String), role, scope: expect.any(Object), permissions: [...ROLE_PERMISSIONS[role]] });
    }
    expect((await as(keys.webshop, '/whoami')).body.scope).toEqual({ channel: 'webshop' });
    expect((await noKey('/whoami')).status).toBe(401);
  });

  it('holds a channel key to its own channel: others\' orders, shipments and returns do not exist for it', async () => {
    const webshop = keys.webshop;
    const own = story.o1;
    const other = story.o2;
    expect(own.spec.channel).toBe('webshop');
    expect(other.spec.channel).toBe('marketplace');

    expect((await as(webshop, `/orders/${own.orderId}`)).status).toBe(200);
    expect((await as(webshop, `/orders/${own.orderId}/timeline`)).status).toBe(200);
    const foreign = [
      `/orders/${other.orderId}`,
      `/orders/${other.orderId}?asOf=${new Date().toISOString()}`,
      `/orders/${other.orderId}/timeline`,
      `/channels/marketplace/orders/${other.spec.externalOrderId}`,
      '/shipments/OF-000002-1',
    ];
    for (const path of foreign) {
      const res = await as(webshop, path);
      expect([path, res.status]).toEqual([path, 404]);
      // The same answer an operator gets for an order that does not exist: nothing tells them apart.
      expect(res.body.error).toBe('Not Found');
      expect(JSON.stringify(res.body)).not.toContain(`Customer ${other.spec.customerId}`);
    }
    // The operator sees them all.
    for (const path of foreign) expect((await as(keys.operator, path)).status).toBe(200);

    // Lists: only its own channel, whatever it filters on.
    const mine = (await as(webshop, '/orders?limit=500')).body.orders as D[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((o) => o.channel))).toEqual(new Set(['webshop']));
    const everyone = (await as(keys.operator, '/orders?limit=500')).body.orders as D[];
    expect(new Set(everyone.map((o) => o.channel)).size).toBeGreaterThan(1);
    expect((await as(webshop, '/orders?channel=marketplace')).body.orders).toEqual([]);
    expect((await as(webshop, `/orders?customerId=${encodeURIComponent(other.spec.customerId)}&channel=marketplace`)).body.orders).toEqual([]);
  });

  it('limits each key to its rate: 429 with Retry-After, other keys unaffected', async () => {
    const limited = await startQueryApp(db, { API_RATE_LIMIT_PER_SECOND: '1', API_RATE_LIMIT_BURST: '3' });
    try {
      const one = await limited.key('operator');
      const other = await limited.key('operator');
      const path = `/orders/${story.o1.orderId}`;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await limited.get(path, bearer(one));
        statuses.push(res.status);
        retryAfter ??= res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await limited.get(path, bearer(other))).status).toBe(200);
    } finally {
      await limited.close();
      // The limited app's defaults must not leak into later specs of this file.
      delete process.env.API_RATE_LIMIT_PER_SECOND;
      delete process.env.API_RATE_LIMIT_BURST;
    }
  });

  it('records creating, using and revoking a key as events on the key\'s stream, with the actor', async () => {
    const token = await api.key('auditor');
    const [keyId] = /^ofk_([0-9a-f]{12})_/.exec(token)!.slice(1);
    await as(token, '/projections');
    await as(token, '/projections');
    await new ApiKeys(db.dataSource).revoke(keyId, 'cli:alice');
    await api.close(); // a stopping service records the uses it counted
    const events = await new EventStore(db.dataSource).readStream(`apikey-${keyId}`);
    expect(events.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['ApiKeyCreated', 'test'],
      ['ApiKeyRevoked', 'cli:alice'],
      ['ApiKeyUsed', `key:${keyId}`],
    ]);
    expect(events[0].data).toMatchObject({ keyId, role: 'auditor' });
    expect(events[2].data).toMatchObject({ keyId, service: 'query-service', uses: 2 });
    const [row] = await db.dataSource.query(`SELECT secret_hash, last_used_at FROM api_keys WHERE key_id = $1`, [keyId]);
    expect(row.secret_hash).not.toContain(token.split('_')[2]);
    expect(row.last_used_at).not.toBeNull();
    api = await startQueryApp(db);
  });
});
