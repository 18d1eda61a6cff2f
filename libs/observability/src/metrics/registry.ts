import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's one registry: Node's default metrics (heap, event loop, GC, handles) and
 * orderflow's own. Every service serves it at GET /metrics (docs/adr/0026).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** The exposition of every metric, in the text format Prometheus scrapes. */
export function metricsExposition(): Promise<string> {
  return metricsRegistry.metrics();
}

export const metricsContentType: string = metricsRegistry.contentType;
