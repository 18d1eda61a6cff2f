#!/usr/bin/env node
/**
 * The image's HEALTHCHECK: one image runs every app, so this asks whichever one runs in the
 * container, on its PORT, for GET /health. Exits 0 on 200 (`ok` or `degraded`) and 1 on anything
 * else: a 503 naming what is down, a refused connection, or no answer within HEALTHCHECK_TIMEOUT_MS.
 * Plain JavaScript with no dependencies, because the slim image has no curl.
 */
const { request } = require('node:http');

const port = Number(process.env.PORT ?? 3000);
// A service bound to every interface is asked on loopback; one bound to a single address, there.
const host = !process.env.HOST || ['0.0.0.0', '::'].includes(process.env.HOST) ? '127.0.0.1' : process.env.HOST;
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 5000);

function fail(reason) {
  console.error(`healthcheck: http://${host}:${port}/health ${reason}`);
  process.exit(1);
}

const req = request({ host, port, path: '/health', timeout: timeoutMs }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => (body += chunk));
  res.on('end', () => {
    if (res.statusCode === 200) process.exit(0);
    fail(`answered ${res.statusCode}: ${body.slice(0, 500)}`);
  });
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on('error', (err) => fail(err.message));
req.end();
