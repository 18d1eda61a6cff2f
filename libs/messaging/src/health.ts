/**
 * How one background loop (a consumer, a relay, a projector, a timer) is doing, as /health
 * reports it: `down` when it is dead or stuck, `degraded` while it waits out a failure of the
 * infrastructure, `up` otherwise.
 */
export interface ComponentHealth {
  status: 'up' | 'degraded' | 'down';
  /** What it is doing or waiting for, in a sentence. */
  detail?: string;
  /** Since when it has been in this status (ISO 8601), when not up. */
  since?: string;
  /** How far behind it is, when it knows (events or messages). */
  lag?: number;
}

export interface HealthReporter {
  /** May ask the database how far behind it is (its lag); /health bounds how long it waits. */
  health(): ComponentHealth | Promise<ComponentHealth>;
}
