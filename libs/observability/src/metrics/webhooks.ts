import { Counter, Histogram } from 'prom-client';
import { METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

/** How one webhook attempt ended: the label stays bounded (no channel, URL or order ever reaches it). */
export type WebhookAttemptResult = 'success' | 'http_error' | 'timeout' | 'connection_error';

const attempts = new Counter({
  name: METRIC_NAMES.webhookAttempts,
  help: 'Webhook requests the gateway made, by result (success is a 2xx)',
  labelNames: ['result'],
  registers: [metricsRegistry],
});

const deliveries = new Counter({
  name: METRIC_NAMES.webhookDeliveries,
  help: 'Webhook deliveries settled: delivered (a 2xx) or failed (given up after the retry window)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

const attemptDuration = new Histogram({
  name: METRIC_NAMES.webhookAttemptDuration,
  help: 'Duration of one webhook request, until its status or its failure',
  labelNames: ['result'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

const deliveryLatency = new Histogram({
  name: METRIC_NAMES.webhookDeliveryLatency,
  help: 'From a notification enqueued for its webhook to its 2xx, retries and waits for the order\'s earlier notifications included',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
  registers: [metricsRegistry],
});

export function recordWebhookAttempt(result: WebhookAttemptResult, seconds: number): void {
  attempts.labels(result).inc();
  attemptDuration.labels(result).observe(seconds);
}

export function recordWebhookDelivered(latencySeconds: number): void {
  deliveries.labels('delivered').inc();
  deliveryLatency.observe(latencySeconds);
}

export function recordWebhookFailed(): void {
  deliveries.labels('failed').inc();
}
