import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Upstreams } from './upstreams';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * The browser bundle's scripts and styles come from here only; the API is same-origin through the
 * proxy below, so nothing needs CORS and no page can be framed or pull code from elsewhere.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Request headers passed upstream: the caller's key goes through; cookies and the like do not. */
const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'x-correlation-id', 'traceparent', 'idempotency-key', 'last-event-id'];

export interface ConsoleServerOptions {
  /** The built bundle (dist/apps/console/web). */
  webRoot: string;
  upstreams: Upstreams;
}

/**
 * The console's own server: the built single-page app (every unknown path is the app, so a deep
 * link such as /orders/{id} opens that order) and a proxy to the system's HTTP endpoints:
 *   /api/query/*              -> the query API
 *   /api/after-sales/*        -> the after-sales operator endpoints
 *   /api/health/<service>     -> that service's GET /health
 * It holds no key and no state: the browser signs in with its own API key, which every call carries.
 */
export function createConsoleServer(options: ConsoleServerOptions): Server {
  const webRoot = resolve(options.webRoot);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname === '/health') return reply(res, 200, { status: 'ok', service: 'console' });
    const target = upstreamOf(url, options.upstreams);
    if (target === null) return reply(res, 404, { statusCode: 404, error: 'Not Found', message: `no such API: ${url.pathname}` });
    if (target) return proxy(req, res, target);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { statusCode: 405, error: 'Method Not Allowed', message: 'the console serves pages only' });
    serveStatic(webRoot, url.pathname, res);
  });
}

/** The upstream URL of an /api path; null for an /api path that names nothing; undefined for a page. */
function upstreamOf(url: URL, upstreams: Upstreams): URL | null | undefined {
  const [, api, area, ...rest] = url.pathname.split('/');
  if (api !== 'api') return undefined;
  const tail = `/${rest.join('/')}${url.search}`;
  if (area === 'query') return new URL(upstreams.query + tail);
  if (area === 'after-sales') return new URL(upstreams.afterSales + tail);
  if (area === 'health' && rest.length === 1 && upstreams.services[rest[0]]) return new URL(`${upstreams.services[rest[0]]}/health`);
  return null;
}

/** Streams both ways, so server-sent events (GET /live) pass through as they come. */
function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (answer) => {
    const out: Record<string, string | string[]> = { ...SECURITY_HEADERS };
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  upstream.on('error', (err) => {
    if (res.headersSent) return void res.destroy();
    reply(res, 502, { statusCode: 502, error: 'Bad Gateway', message: `${target.host} did not answer: ${err.message}` });
  });
  // The browser gone (a closed live view): stop reading upstream too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

function serveStatic(webRoot: string, pathname: string, res: ServerResponse): void {
  const wanted = normalize(join(webRoot, decodeURIComponent(pathname)));
  const inside = wanted === webRoot || wanted.startsWith(webRoot + sep);
  const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(webRoot, 'index.html');
  if (!existsSync(file)) return reply(res, 503, { statusCode: 503, error: 'Service Unavailable', message: 'the console is not built: node scripts/build-console.js' });
  const isAsset = file.startsWith(join(webRoot, 'assets') + sep);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    // Vite names assets by their content: they never change. The page itself is always asked again.
    'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
