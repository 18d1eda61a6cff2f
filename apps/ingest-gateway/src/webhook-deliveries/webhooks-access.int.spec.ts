import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controllerRoutes } from '@orderflow/platform';
import { Role, ROLES, Scope } from '@orderflow/security';
import { bearer, issueApiKey } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';
import { IngestGatewayModule } from '../ingest-gateway.module';

/**
 * Who may manage webhooks (docs/adr/0035): every route of the gateway against every role. A channel
 * key manages its own channel's webhook only (another's is 404, as if it did not exist), an admin
 * key any channel's; nobody else, and nothing without a key. The ingest routes' own rules are in
 * ../ingest-messages/ingest-access.int.spec.ts; here they are only held to their permission.
 */
describe('webhook routes access (real PostgreSQL, HTTP)', () => {
  let gateway: GatewayApp;
  const secret = 'a-webhook-secret-of-enough-length';
  const body = { url: 'https://hooks.example.com/orderflow', secret };

  beforeAll(async () => {
    gateway = await startGatewayApp({ prefix: 'webhkacc', quiet: true });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  /** Each route of the gateway: a request to it for channel `c`, and the permission it needs (null: public). */
  const table: Record<string, { method: string; path: (c: string) => string; permission: string | null; body?: unknown }> = {
    'PUT /admin/channels/{channel}/webhook': { method: 'PUT', path: (c) => `/admin/channels/${c}/webhook`, permission: 'webhooks:manage', body },
    'GET /admin/channels/{channel}/webhook': { method: 'GET', path: (c) => `/admin/channels/${c}/webhook`, permission: 'webhooks:manage' },
    'DELETE /admin/channels/{channel}/webhook': { method: 'DELETE', path: (c) => `/admin/channels/${c}/webhook`, permission: 'webhooks:manage' },
    'GET /admin/channels/{channel}/webhook/deliveries': { method: 'GET', path: (c) => `/admin/channels/${c}/webhook/deliveries`, permission: 'webhooks:manage' },
    'POST /admin/channels/{channel}/webhook/deliveries/{messageId}/replay': {
      method: 'POST',
      path: (c) => `/admin/channels/${c}/webhook/deliveries/${randomUUID()}/replay`,
      permission: 'webhooks:manage',
    },
    'POST /v1/channel-orders': { method: 'POST', path: () => '/v1/channel-orders', permission: 'channel-orders:send', body: [] },
    'POST /v1/warehouse-operations': { method: 'POST', path: () => '/v1/warehouse-operations', permission: 'warehouse-operations:send', body: [] },
    'POST /v1/carrier-tracking': { method: 'POST', path: () => '/v1/carrier-tracking', permission: 'carrier-tracking:send', body: [] },
    'POST /v1/production-events': { method: 'POST', path: () => '/v1/production-events', permission: 'production-events:send', body: [] },
    'GET /docs': { method: 'GET', path: () => '/docs', permission: null },
    'GET /docs/openapi.json': { method: 'GET', path: () => '/docs/openapi.json', permission: null },
    'GET /docs/assets/{file}': { method: 'GET', path: () => '/docs/assets/swagger-ui.css', permission: null },
  };

  const call = async (route: string, channel: string, headers: Record<string, string>) => {
    const { method, path, body: sent } = table[route];
    const res = await fetch(`${gateway.baseUrl}${path(channel)}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: sent === undefined ? undefined : JSON.stringify(sent) });
    const text = await res.text();
    return { status: res.status, text, missing: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { missing?: string }).missing : undefined };
  };

  it('has a line for every route the gateway serves', () => {
    expect(controllerRoutes(IngestGatewayModule).sort()).toEqual(Object.keys(table).sort());
  });

  it('answers 401 without a key on every route but the docs', async () => {
    for (const route of Object.keys(table)) {
      const res = await call(route, 'webshop', {});
      expect([route, res.status]).toEqual([route, table[route].permission === null ? 200 : 401]);
    }
  });

  it('lets a channel key manage its own channel\'s webhook only, an admin key any, and refuses every other role with 403', async () => {
    const scopes: Record<Role, Scope> = { channel: { channel: 'webshop' }, warehouse: { warehouse: '*' }, carrier: { carrier: '*' }, factory: {}, operator: {}, auditor: {}, admin: {} };
    const webhookRoutes = Object.keys(table).filter((r) => table[r].permission === 'webhooks:manage');
    for (const role of ROLES) {
      const key = bearer(await issueApiKey(gateway.db.dataSource, role, scopes[role]));
      for (const route of webhookRoutes) {
        const own = await call(route, 'webshop', key);
        const other = await call(route, 'marketplace', key);
        if (role === 'channel') {
          expect([role, route, own.status === 401 || own.status === 403, other.status]).toEqual([role, route, false, 404]);
          expect(other.text).toBe(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no channel "marketplace"' }));
        } else if (role === 'admin') {
          for (const res of [own, other]) expect([role, route, res.status === 401 || res.status === 403]).toEqual([role, route, false]);
        } else {
          for (const res of [own, other]) expect([role, route, res.status, res.missing]).toEqual([role, route, 403, 'webhooks:manage']);
        }
      }
    }
  });

  it('registers with the caller as actor and answers without the secret', async () => {
    const channel = bearer(await issueApiKey(gateway.db.dataSource, 'channel', { channel: 'webshop' }, 'webshop integration'));
    const res = await call('PUT /admin/channels/{channel}/webhook', 'webshop', channel);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(secret);
    expect(JSON.parse(res.text)).toMatchObject({ channel: 'webshop', url: body.url, registeredBy: expect.stringMatching(/^key:[0-9a-f]{12} \(channel "webshop integration"\)$/) });
    // A public URL is required unless WEBHOOK_ALLOW_PRIVATE_HOSTS says otherwise.
    const internal = await fetch(`${gateway.baseUrl}/admin/channels/webshop/webhook`, { method: 'PUT', headers: channel, body: JSON.stringify({ url: 'http://169.254.169.254/latest/meta-data', secret }) });
    expect([internal.status, ((await internal.json()) as { message: string }).message]).toEqual([400, expect.stringMatching(/^field "url": expected a public host, got 169\.254\.169\.254/)]);
  });

  it('unregisters: 204, then 404, and the pending deliveries are given up with the reason', async () => {
    const channel = bearer(await issueApiKey(gateway.db.dataSource, 'channel', { channel: 'app' }));
    expect((await call('PUT /admin/channels/{channel}/webhook', 'app', channel)).status).toBe(200);
    await gateway.db.dataSource.query(
      `INSERT INTO webhook_deliveries (channel, message_id, order_key, order_id, external_order_id, type, body) VALUES ('app', $1, 'app:A-1', $2, 'A-1', 'OrderConfirmed', '{}')`,
      [randomUUID(), randomUUID()],
    );
    expect((await call('DELETE /admin/channels/{channel}/webhook', 'app', channel)).status).toBe(204);
    expect((await call('GET /admin/channels/{channel}/webhook', 'app', channel)).status).toBe(404);
    expect((await call('DELETE /admin/channels/{channel}/webhook', 'app', channel)).status).toBe(404);
    const rows = (await gateway.db.dataSource.query(`SELECT status, last_error FROM webhook_deliveries WHERE channel = 'app'`)) as unknown[];
    expect(rows).toEqual([{ status: 'failed', last_error: 'the webhook was unregistered' }]);
  });
});

/** WEBHOOKS_FILE: webhooks set by configuration, registered at start with the same checks. */
describe('webhooks from WEBHOOKS_FILE (real PostgreSQL)', () => {
  let gateway: GatewayApp;
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-webhooks-'));
  const file = join(dir, 'webhooks.json');

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify({ pos: { url: 'https://pos.example.com/hooks', secret: 'the-pos-secret-kept-in-a-file' } }));
    gateway = await startGatewayApp({ prefix: 'webhkfile', quiet: true, env: { WEBHOOKS_FILE: file, PII_MASTER_KEY: 'k'.repeat(43) } });
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers each channel in it at start, sealed, with the file as the actor', async () => {
    const admin = bearer(await issueApiKey(gateway.db.dataSource, 'admin'));
    const res = await fetch(`${gateway.baseUrl}/admin/channels/pos/webhook`, { headers: admin });
    const text = await res.text();
    expect([res.status, JSON.parse(text)]).toEqual([200, expect.objectContaining({ channel: 'pos', url: 'https://pos.example.com/hooks', registeredBy: 'config:WEBHOOKS_FILE' })]);
    expect(text).not.toContain('the-pos-secret');
    const [row] = (await gateway.db.dataSource.query(`SELECT secret_sealed FROM webhook_endpoints WHERE channel = 'pos'`)) as { secret_sealed: string }[];
    expect(row.secret_sealed).toMatch(/^whs:v1:/);
  });
});
