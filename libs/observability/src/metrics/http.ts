import { Histogram } from 'prom-client';
import { LATENCY_BUCKETS, METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

const requestDuration = new Histogram({
  name: METRIC_NAMES.httpRequestDuration,
  help: 'HTTP requests served, by route template (never the raw path) and status',
  labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** The route label of a request no route matched: one value for every unknown path, so the label stays bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The `http_route` label: the template the router matched (`/orders/:orderId`), or UNMATCHED_ROUTE.
 * Methods outside the standard set count as `_OTHER`, as OpenTelemetry names them.
 */
export function httpLabels(method: string, routeTemplate: string | undefined, status: number): [string, string, string] {
  return [KNOWN_METHODS.has(method) ? method : '_OTHER', routeTemplate || UNMATCHED_ROUTE, String(status)];
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

export function recordHttpRequest(method: string, routeTemplate: string | undefined, status: number, seconds: number): void {
  requestDuration.labels(...httpLabels(method, routeTemplate, status)).observe(seconds);
}
