import { Gauge } from 'prom-client';
import { METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

export interface ProjectionLag {
  /** Events not applied yet. */
  events: number;
  /** Age of the oldest event not applied yet; 0 when none. */
  seconds: number;
}

/** How far behind one projection is, measured when asked (a query of the event store). */
export type ProjectionLagSource = () => Promise<ProjectionLag>;

const sources = new Map<string, ProjectionLagSource>();
let measuring: Promise<Map<string, ProjectionLag>> | undefined;

/**
 * Every projection's lag, measured once per scrape: both gauges read the same measurement, so a
 * scrape queries each projection once.
 */
function measure(): Promise<Map<string, ProjectionLag>> {
  measuring ??= (async () => {
    const out = new Map<string, ProjectionLag>();
    await Promise.all(
      [...sources].map(async ([name, source]) => {
        // A database that does not answer leaves the projection out of this scrape; /health says why.
        const lag = await source().catch(() => undefined);
        if (lag) out.set(name, lag);
      }),
    );
    return out;
  })().finally(() => setTimeout(() => (measuring = undefined), 1000).unref());
  return measuring;
}

new Gauge({
  name: METRIC_NAMES.projectionLagEvents,
  help: 'Events of the global stream a projection has not applied yet',
  labelNames: ['projection'],
  registers: [metricsRegistry],
  async collect() {
    const lags = await measure();
    this.reset();
    for (const [projection, lag] of lags) this.set({ projection }, lag.events);
  },
});

new Gauge({
  name: METRIC_NAMES.projectionLagSeconds,
  help: 'Age of the oldest event a projection has not applied yet; 0 when caught up',
  labelNames: ['projection'],
  registers: [metricsRegistry],
  async collect() {
    const lags = await measure();
    this.reset();
    for (const [projection, lag] of lags) this.set({ projection }, lag.seconds);
  },
});

/** Reports a projection's lag at every scrape until the returned function is called. */
export function trackProjectionLag(projection: string, source: ProjectionLagSource): () => void {
  sources.set(projection, source);
  return () => {
    if (sources.get(projection) === source) sources.delete(projection);
  };
}
