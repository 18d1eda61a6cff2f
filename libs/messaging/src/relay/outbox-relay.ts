import { backlogAfter, CheckpointStore, EventStore, LeaderLock, StoredEvent, Subscription, subscribeToAll } from '@orderflow/event-store';
import { sendSpans, trackRelayBacklog } from '@orderflow/observability';
import { BusProducer, MessageBus, OutgoingMessage } from '../bus/message-bus';
import { Logger } from '../consumer/reliable-consumer';
import { eventHeaders } from './event-headers';
import { ComponentHealth, HealthReporter } from '../health';

export interface OutboxRelayOptions {
  /** e.g. 'order-service': names the checkpoint and the advisory lock. */
  name: string;
  store: EventStore;
  bus: MessageBus;
  /** The stream categories this service owns, e.g. ['order']. */
  categories: readonly string[];
  /** Maps one stored event to the messages it publishes (usually one on `<service>.events`). */
  toMessages: (event: StoredEvent) => OutgoingMessage[];
  batchSize?: number;
  idleDelayMs?: number;
  /** How often a standby replica tries to become the active relay. */
  standbyRetryMs?: number;
  /** How long an active relay may go without a successful read before /health calls it stuck (default 60 s). */
  stuckAfterMs?: number;
  logger?: Logger;
  /** Test seam: runs after the broker acked a batch and before the checkpoint is saved. */
  afterPublish?: (events: StoredEvent[]) => void | Promise<void>;
}

/**
 * Publishes a service's own events from the event store (the outbox) to Kafka. It reads
 * gap-safely, sends each batch with acks=all on an idempotent producer, and saves the checkpoint
 * only after the acks: a crash in between republishes, it never loses. One replica holds a
 * PostgreSQL advisory lock and relays; the others wait on standby. The lock lives as long as its
 * session, so the active relay confirms it before every batch (and every second when idle) and
 * steps back to standby when PostgreSQL restarted or its connection was cut.
 */
export class OutboxRelay implements HealthReporter {
  private readonly lock: LeaderLock;
  private producer?: BusProducer;
  private subscription?: Subscription;
  private running = false;
  private loop?: Promise<void>;
  private leadershipLost = false;
  private wake?: () => void;
  private readonly checkpoints: CheckpointStore;
  private readonly subscriber: string;
  private untrackBacklog?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.checkpoints = new CheckpointStore(options.store.dataSource);
    this.subscriber = `relay:${options.name}`;
    this.lock = new LeaderLock(options.store.dataSource, this.subscriber);
  }

  get isActive(): boolean {
    return this.subscription !== undefined;
  }

  start(): void {
    this.running = true;
    this.untrackBacklog = trackRelayBacklog(this);
    this.loop = this.run().catch((err) => {
      this.options.logger?.error(`${this.subscriber}: stopped by an unexpected error: ${(err as Error).message}`);
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.untrackBacklog?.();
    this.wake?.();
    await this.loop;
  }

  /** Resolves once everything visible now has been published. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUp();
  }

  /** Events of its categories stored after its checkpoint; 0 on standby (the active replica reports them). */
  async backlog(): Promise<number> {
    if (!this.subscription) return 0;
    const checkpoint = await this.checkpoints.load(this.subscriber);
    return (await backlogAfter(this.options.store.dataSource, checkpoint, this.options.categories)).events;
  }

  /** Alive or not, as below, with the backlog as its lag while the database tells it. */
  async health(): Promise<ComponentHealth> {
    const liveness = this.liveness();
    const lag = await this.backlog().catch(() => undefined);
    return lag === undefined ? liveness : { ...liveness, lag };
  }

  private liveness(): ComponentHealth {
    if (!this.running) return { status: 'down', detail: `${this.subscriber} is not running` };
    if (!this.subscription) return { status: 'up', detail: 'standby: another replica holds the relay lock' };
    const s = this.subscription.status();
    if (Date.now() - s.lastSuccessAt.getTime() > (this.options.stuckAfterMs ?? 60_000)) {
      return { status: 'down', detail: `stuck: no successful batch since ${s.lastSuccessAt.toISOString()}: ${s.lastError ?? ''}`, since: s.lastSuccessAt.toISOString() };
    }
    if (s.failingSince) return { status: 'degraded', detail: `retrying: ${s.lastError}`, since: s.failingSince.toISOString() };
    return { status: 'up', detail: 'active' };
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!(await this.becomeActive())) return;
      this.leadershipLost = false;
      this.subscription = subscribeToAll(this.options.store, {
        categories: this.options.categories,
        batchSize: this.options.batchSize ?? 500,
        idleDelayMs: this.options.idleDelayMs ?? 1000,
        loadCheckpoint: () => this.checkpoints.load(this.subscriber),
        handle: (events) => this.publish(events),
        onError: (err) => this.options.logger?.error(`${this.subscriber}: ${(err as Error).message}`),
      });
      // Active until stopped or until the lock's session is gone.
      while (this.running && !this.leadershipLost) {
        await this.sleep(1000);
        if (this.running && !(await this.lock.stillHeld())) this.leadershipLost = true;
      }
      await this.subscription.stop();
      this.subscription = undefined;
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = undefined;
      await this.lock.release();
      if (this.running) this.options.logger?.warn(`${this.subscriber}: lost the relay lock (database restarted or connection cut); back to standby`);
    }
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    if (!(await this.lock.stillHeld())) {
      this.leadershipLost = true;
      this.wake?.();
      throw new Error('the relay lock was lost; stepping down');
    }
    try {
      const producer = (this.producer ??= await this.options.bus.producer());
      const messages = events.flatMap((e) => this.options.toMessages(e));
      // Each message in a PRODUCER span continuing its stored event's trace.
      await sendSpans(messages, () => producer.send(messages));
    } catch (err) {
      // A producer that failed (broker restarted, say) is replaced: its idempotence state may be stale.
      const producer = this.producer;
      this.producer = undefined;
      await producer?.disconnect().catch(() => undefined);
      throw err;
    }
    await this.options.afterPublish?.(events);
    const last = events[events.length - 1];
    await this.checkpoints.save(this.subscriber, { transactionId: last.transactionId, globalPosition: last.globalPosition });
  }

  /** Waits on standby until this replica holds the relay lock; false when stopped first. */
  private async becomeActive(): Promise<boolean> {
    while (this.running) {
      try {
        if (await this.lock.tryAcquire()) return true;
      } catch (err) {
        this.options.logger?.warn(`${this.subscriber}: cannot take the relay lock yet: ${(err as Error).message}`);
      }
      await this.sleep(this.options.standbyRetryMs ?? 1000);
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The default mapping: one message on the service's events topic, keyed by stream id. */
export function toServiceEventMessage(topic: string) {
  return (event: StoredEvent): OutgoingMessage[] => [
    {
      topic,
      key: event.streamId,
      value: JSON.stringify({
        type: event.type,
        version: event.schemaVersion,
        messageId: event.eventId,
        occurredAt: event.recordedAt.toISOString(),
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        data: event.data,
      }),
      headers: eventHeaders(event),
    },
  ];
}

