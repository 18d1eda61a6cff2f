import { Counter } from 'prom-client';
import { METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

const gatewayMessages = new Counter({
  name: METRIC_NAMES.gatewayMessages,
  help: 'Messages the ingest gateway accepted (published or a duplicate) or refused, by reason class',
  labelNames: ['messaging_destination_name', 'outcome', 'reason'],
  registers: [metricsRegistry],
});

export type GatewayOutcome = { outcome: 'accepted'; reason: 'published' | 'duplicate' } | { outcome: 'refused'; reason: GatewayRefusal };

/** Why the gateway refused a request: its HTTP status, as a class (the label stays bounded). */
export type GatewayRefusal = 'invalid' | 'forbidden' | 'too_large' | 'unavailable';

export function gatewayRefusalOf(status: 400 | 403 | 413 | 422 | 503): GatewayRefusal {
  switch (status) {
    case 400: // unreadable headers or body
    case 422: // a message breaks its contract, or an Idempotency-Key is reused for another request
      return 'invalid';
    case 403:
      return 'forbidden';
    case 413:
      return 'too_large';
    case 503:
      return 'unavailable';
  }
}

export function recordGatewayMessages(topic: string, { outcome, reason }: GatewayOutcome, count: number): void {
  if (count > 0) gatewayMessages.labels(topic, outcome, reason).inc(count);
}
