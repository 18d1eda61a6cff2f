import { backlogAfter, CheckpointStore, EventStore, StoredEvent } from '@orderflow/event-store';
import { sendSpans, trackRelayBacklog } from '@orderflow/observability';
import { BusProducer, MessageBus, OutgoingMessage } from '../bus/message-bus';
import { Logger } from '../consumer/reliable-consumer';
import { eventHeaders } from './event-headers';
import { ComponentHealth, HealthReporter } from '../health';
import { LeaderTail } from './leader-tail';

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
 * only after the acks: a crash in between republishes, it never loses. One replica relays and the
 * others wait on standby (a LeaderTail: an advisory lock, confirmed before every batch).
 */
export class OutboxRelay implements HealthReporter {
  private readonly tail: LeaderTail;
  private producer?: BusProducer;
  private readonly checkpoints: CheckpointStore;
  private readonly subscriber: string;
  private untrackBacklog?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.checkpoints = new CheckpointStore(options.store.dataSource);
    this.subscriber = `relay:${options.name}`;
    this.tail = new LeaderTail({
      name: this.subscriber,
      lockName: 'relay lock',
      dataSource: options.store.dataSource,
      store: options.store,
      categories: options.categories,
      batchSize: options.batchSize ?? 500,
      idleDelayMs: options.idleDelayMs,
      standbyRetryMs: options.standbyRetryMs,
      stuckAfterMs: options.stuckAfterMs,
      loadCheckpoint: () => this.checkpoints.load(this.subscriber),
      handle: (events) => this.publish(events),
      onStepDown: () => this.dropProducer(),
      logger: options.logger,
    });
  }

  get isActive(): boolean {
    return this.tail.isActive;
  }

  start(): void {
    this.untrackBacklog = trackRelayBacklog(this);
    this.tail.start();
  }

  async stop(): Promise<void> {
    this.untrackBacklog?.();
    await this.tail.stop();
  }

  /** Resolves once everything visible now has been published. */
  async caughtUp(): Promise<void> {
    await this.tail.caughtUp();
  }

  /** Events of its categories stored after its checkpoint; 0 on standby (the active replica reports them). */
  async backlog(): Promise<number> {
    if (!this.tail.isActive) return 0;
    const checkpoint = await this.checkpoints.load(this.subscriber);
    return (await backlogAfter(this.options.store.dataSource, checkpoint, this.options.categories)).events;
  }

  /** Alive or not, with the backlog as its lag while the database tells it. */
  async health(): Promise<ComponentHealth> {
    const liveness = this.tail.liveness();
    const lag = await this.backlog().catch(() => undefined);
    return lag === undefined ? liveness : { ...liveness, lag };
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    try {
      const producer = (this.producer ??= await this.options.bus.producer());
      const messages = events.flatMap((e) => this.options.toMessages(e));
      // Each message in a PRODUCER span continuing its stored event's trace.
      await sendSpans(messages, () => producer.send(messages));
    } catch (err) {
      // A producer that failed (broker restarted, say) is replaced: its idempotence state may be stale.
      await this.dropProducer();
      throw err;
    }
    await this.options.afterPublish?.(events);
    const last = events[events.length - 1];
    await this.checkpoints.save(this.subscriber, { transactionId: last.transactionId, globalPosition: last.globalPosition });
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
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

