import { Counter, Histogram } from 'prom-client';
import { secondsSince } from './children';
import { LATENCY_BUCKETS, METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

const appendDuration = new Histogram({
  name: METRIC_NAMES.appendDuration,
  help: "An append to the event store as its caller waits for it (a grouped append's wait for its group included)",
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});
const appendConflicts = new Counter({
  name: METRIC_NAMES.appendConflicts,
  help: 'Appends that lost an optimistic-concurrency race (retried by their unit of work)',
  registers: [metricsRegistry],
});

/** One append that ended, started at `startedMs` (performance.now()); `conflict` when it lost a race. */
export function recordAppend(startedMs: number, conflict: boolean): void {
  appendDuration.observe(secondsSince(startedMs));
  if (conflict) appendConflicts.inc();
}
