import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleServer } from './console-server';
import { upstreamsFrom } from './upstreams';

const listen = (server: Server) => new Promise<string>((res) => server.listen(0, '127.0.0.1', () => res(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((res) => (server.closeAllConnections(), server.close(() => res())));

describe('the console server', () => {
  let webRoot: string;
  let upstream: Server;
  let upstreamUrl: string;
  let console_: Server;
  let url: string;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'console-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'index-abc.js'), 'console.log(1)');
    upstream = createServer((req, res) => {
      seen.push(req);
      if (req.url === '/live') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: position\ndata: {"position":1}\n\n');
        return; // stays open, as the live stream does
      }
      res.writeHead(req.url === '/health' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    upstreamUrl = await listen(upstream);
    console_ = createConsoleServer({
      webRoot,
      upstreams: upstreamsFrom({ QUERY_SERVICE_URL: upstreamUrl, AFTER_SALES_SERVICE_URL: `${upstreamUrl}/`, ORDER_SERVICE_URL: upstreamUrl, SHIPPING_SERVICE_URL: 'http://127.0.0.1:1' }),
    });
    url = await listen(console_);
  });

  afterAll(async () => {
    await close(console_);
    await close(upstream);
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers a deep link with the app, so /orders/{id} opens that order', async () => {
    const res = await fetch(`${url}/orders/5b7e0c6e-1f7a-5d3e-9c1b-2a4f6e8d0c11`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('id="root"');
  });

  it('serves the bundle with long caching, and never a file outside it', async () => {
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const escape = await fetch(`${url}/assets/..%2f..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toContain('root:');
  });

  it('sends every page with a content security policy that allows only its own origin, and forbids framing', async () => {
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('passes API calls to the query API and after-sales with the caller key, and not its cookies', async () => {
    seen.length = 0;
    const res = await fetch(`${url}/api/query/orders?limit=5&status=PLACED`, { headers: { authorization: 'Bearer ofk_x', cookie: 'session=1' } });
    expect(await res.json()).toEqual({ path: '/orders?limit=5&status=PLACED', method: 'GET' });
    expect(seen[0].headers.authorization).toBe('Bearer ofk_x');
    expect(seen[0].headers.cookie).toBeUndefined();

    const post = await fetch(`${url}/api/after-sales/complaints/C-1/resolution`, { method: 'POST', body: JSON.stringify({ resolution: 'ok' }), headers: { 'content-type': 'application/json' } });
    expect(await post.json()).toEqual({ path: '/complaints/C-1/resolution', method: 'POST' });
  });

  it("passes a service's /health through with its status, and refuses services and APIs it does not know", async () => {
    const health = await fetch(`${url}/api/health/order-service`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ path: '/health', method: 'GET' });
    expect((await fetch(`${url}/api/health/no-such-service`)).status).toBe(404);
    expect((await fetch(`${url}/api/elsewhere/x`)).status).toBe(404);
  });

  it('answers 502 naming the service that does not answer', async () => {
    const res = await fetch(`${url}/api/health/shipping-service`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { message: string }).message).toMatch(/127\.0\.0\.1:1 did not answer/);
  });

  it('streams server-sent events as they come, without waiting for the end', async () => {
    const abort = new AbortController();
    const res = await fetch(`${url}/api/query/live`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: position');
    abort.abort();
  });
});
