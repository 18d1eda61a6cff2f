import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, LeaderLock } from '@orderflow/event-store';
import { ComponentHealth, HealthReporter } from '@orderflow/messaging';
import { recordWebhookAttempt, recordWebhookDelivered, recordWebhookFailed, WebhookAttemptResult } from '@orderflow/observability';
import { CLOCK, HealthRegistry, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { DueDelivery, WebhookDeliveries } from '../infrastructure/webhook-deliveries';
import { WebhookEndpoints, WebhookTarget } from '../infrastructure/webhook-endpoints';
import { WEBHOOKS_CONFIG, WebhooksConfig } from '../infrastructure/webhooks.config';
import { afterFailure, RetrySchedule } from './retry-schedule';
import { MESSAGE_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from '@orderflow/contracts';

/** How an attempt ended, as the delivery log records it. */
interface AttemptOutcome {
  result: WebhookAttemptResult;
  statusCode?: number;
  error?: string;
}

const MAX_ERROR_CHARS = 500;

/**
 * Delivers the `webhook_deliveries` table (docs/adr/0035). One replica is active (an advisory lock,
 * as relays are); it keeps up to WEBHOOK_CONCURRENCY requests in flight, at most
 * WEBHOOK_CHANNEL_CONCURRENCY to one channel and one to one order, so a slow or dead receiver
 * holds its own slots and nobody else's, and an order waiting on a retry holds only itself. It
 * looks for due deliveries every WEBHOOK_POLL_INTERVAL_MS and whenever a request finishes.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown, HealthReporter {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly lock: LeaderLock;
  private readonly schedule: RetrySchedule;
  /** Requests in flight, by delivery id; their channel and order, so neither gets a second one. */
  private readonly inFlight = new Map<string, { channel: string; orderKey: string; done: Promise<void> }>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastPassAt = Date.now();
  private failingSince?: Date;
  private lastError?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveries,
    private readonly endpoints: WebhookEndpoints,
    private readonly registry: HealthRegistry,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.lock = new LeaderLock(dataSource, 'webhook-dispatcher');
    this.schedule = { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS, giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS };
  }

  onApplicationBootstrap(): void {
    this.registry.register('webhook-dispatcher', this);
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    // Requests in flight end within the timeout; their outcome is recorded while the database is still there.
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    await this.lock.release().catch(() => undefined);
  }

  async health(): Promise<ComponentHealth> {
    const silentMs = Date.now() - this.lastPassAt;
    if (!this.running) return { status: 'down', detail: 'the webhook dispatcher is stopped' };
    if (silentMs > this.platform.HEALTH_STUCK_AFTER_MS) {
      return { status: 'down', detail: `stuck: no pass for ${Math.round(silentMs / 1000)} s`, since: new Date(this.lastPassAt).toISOString() };
    }
    if (this.failingSince) return { status: 'degraded', detail: `webhook dispatcher failing: ${this.lastError}`, since: this.failingSince.toISOString() };
    if (!this.lock.held) return { status: 'up', detail: 'standby: another replica delivers webhooks' };
    const { pending, oldestDueSeconds } = await this.deliveries.backlog(this.clock());
    return { status: 'up', detail: `${this.inFlight.size} in flight, ${pending} pending, the most overdue due ${Math.round(oldestDueSeconds)} s ago`, lag: pending };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let pause = this.config.WEBHOOK_POLL_INTERVAL_MS;
      try {
        if (await this.lead()) await this.startDue();
        else pause = 1000;
        this.lastPassAt = Date.now();
        this.failingSince = undefined;
      } catch (err) {
        this.failingSince ??= new Date();
        this.lastError = err instanceof Error ? err.message : String(err);
        this.logger.warn(`webhook dispatch pass failed, retried shortly: ${this.lastError}`);
        this.lastPassAt = Date.now(); // a failing pass is not a stuck one: health says degraded
        pause = 1000;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async lead(): Promise<boolean> {
    if (this.lock.held && (await this.lock.stillHeld())) return true;
    return this.lock.tryAcquire();
  }

  /** Starts every attempt that is due and has a free slot, and does not wait for them. */
  private async startDue(): Promise<void> {
    const free = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
    if (free <= 0) return;
    const perChannel = this.config.WEBHOOK_CHANNEL_CONCURRENCY;
    const due = await this.deliveries.due(this.clock(), [...this.inFlight.keys()], perChannel, Math.max(free * 2, perChannel));
    if (due.length === 0) return;
    const busyChannels = new Map<string, number>();
    const busyOrders = new Set<string>();
    for (const f of this.inFlight.values()) {
      busyChannels.set(f.channel, (busyChannels.get(f.channel) ?? 0) + 1);
      busyOrders.add(`${f.channel}\u0000${f.orderKey}`);
    }
    const chosen = due.filter((d) => {
      const used = busyChannels.get(d.channel) ?? 0;
      const order = `${d.channel}\u0000${d.orderKey}`;
      if (used >= perChannel || busyOrders.has(order)) return false;
      busyChannels.set(d.channel, used + 1);
      busyOrders.add(order);
      return true;
    }).slice(0, free);
    if (chosen.length === 0) return;
    const targets = await this.endpoints.targets([...new Set(chosen.map((d) => d.channel))]);
    for (const delivery of chosen) {
      const done = this.attempt(delivery, targets.get(delivery.channel))
        .catch((err: unknown) => this.logger.warn(`webhook delivery ${delivery.messageId} to ${delivery.channel}: its outcome could not be recorded, it is tried again: ${String(err)}`))
        .finally(() => {
          this.inFlight.delete(delivery.id);
          this.wake?.();
        });
      this.inFlight.set(delivery.id, { channel: delivery.channel, orderKey: delivery.orderKey, done });
    }
  }

  private async attempt(delivery: DueDelivery, target: WebhookTarget | undefined): Promise<void> {
    const attempt = delivery.attempts + 1;
    const at = this.clock();
    const started = performance.now();
    const outcome = await this.send(delivery, target, at);
    const seconds = (performance.now() - started) / 1000;
    const record = { at, statusCode: outcome.statusCode, error: outcome.error, durationMs: Math.round(seconds * 1000) };
    recordWebhookAttempt(outcome.result, seconds);
    if (outcome.result === 'success') {
      await this.deliveries.delivered(delivery.id, attempt, record);
      recordWebhookDelivered((this.clock().getTime() - delivery.windowStartedAt.getTime()) / 1000);
      return;
    }
    const next = afterFailure(this.schedule, attempt, delivery.windowStartedAt, this.clock());
    await this.deliveries.attemptFailed(delivery.id, attempt, record, next.giveUp ? undefined : next.nextAttemptAt);
    if (next.giveUp) {
      recordWebhookFailed();
      this.logger.warn(`webhook delivery ${delivery.messageId} to ${delivery.channel} failed after ${attempt} attempts: ${outcome.error ?? `HTTP ${outcome.statusCode}`}`);
    }
  }

  private async send(delivery: DueDelivery, target: WebhookTarget | undefined, at: Date): Promise<AttemptOutcome> {
    if (!target) return { result: 'connection_error', error: 'no webhook registered for the channel' };
    if (target.secret === undefined) return { result: 'connection_error', error: 'the webhook secret does not open with this PII_MASTER_KEY: register the webhook again' };
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'orderflow-webhooks/1',
          [MESSAGE_ID_HEADER]: delivery.messageId,
          [SIGNATURE_HEADER]: signatureHeader(target.secret, delivery.body, at),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => undefined); // the answer's body is not read
      if (res.status >= 200 && res.status < 300) return { result: 'success', statusCode: res.status };
      return { result: 'http_error', statusCode: res.status, error: `HTTP ${res.status}` };
    } catch (err) {
      const error = err as Error & { cause?: { code?: string; message?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') return { result: 'timeout', error: `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` };
      const cause = error.cause?.code ?? error.cause?.message ?? error.message;
      return { result: 'connection_error', error: `${error.message}: ${cause}`.slice(0, MAX_ERROR_CHARS) };
    }
  }
}
