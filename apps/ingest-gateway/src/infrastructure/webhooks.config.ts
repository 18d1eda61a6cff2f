import { z } from 'zod';
import { optionalText } from '@orderflow/platform';

export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');

const ms = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected whole milliseconds')
    .min(min, `expected ≥ ${min}`)
    .max(max, `expected ≤ ${max}`)
    .default(fallback);

const count = (max: number, fallback: number) => z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1, 'expected ≥ 1').max(max, `expected ≤ ${max}`).default(fallback);

const HOUR_MS = 3_600_000;

/** How the gateway delivers notifications to channels' webhooks (docs/adr/0035). */
export const webhooksEnvSchema = z.object({
  /** An attempt that has no answer (status line and headers) within this long failed. */
  WEBHOOK_TIMEOUT_MS: ms(100, 120_000, 10_000),
  /** The wait after the first failed attempt; it doubles with each failure. */
  WEBHOOK_RETRY_BASE_MS: ms(10, HOUR_MS, 1_000),
  /** The longest wait between two attempts. */
  WEBHOOK_RETRY_MAX_MS: ms(10, 24 * HOUR_MS, HOUR_MS),
  /** A delivery still failing this long after it was enqueued (or replayed) is marked failed. */
  WEBHOOK_GIVE_UP_AFTER_MS: ms(1_000, 30 * 24 * HOUR_MS, 24 * HOUR_MS),
  /** Requests in flight at once, over all channels. */
  WEBHOOK_CONCURRENCY: count(1000, 32),
  /** Requests in flight at once to one channel: a slow receiver holds no more than these. */
  WEBHOOK_CHANNEL_CONCURRENCY: count(1000, 8),
  /** How often the dispatcher looks for deliveries that are due. */
  WEBHOOK_POLL_INTERVAL_MS: ms(10, 60_000, 250),
  /**
   * Webhook URLs may name loopback, private and link-local addresses (a receiver on the same host or
   * network). Off by default: a channel key must not make the gateway call the inside of the network.
   */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false').transform((v) => v === 'true'),
  /** A JSON file of `{ "<channel>": { "url": "...", "secret": "..." } }` registered at every start. */
  WEBHOOKS_FILE: optionalText,
});

export type WebhooksConfig = z.infer<typeof webhooksEnvSchema>;
