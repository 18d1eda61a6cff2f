/** The webhook delivery table's access, for benchmarks that measure the dispatcher's reads (bench/webhooks.bench.ts). */
export { WebhookDeliveries } from '../src/infrastructure/webhook-deliveries';
