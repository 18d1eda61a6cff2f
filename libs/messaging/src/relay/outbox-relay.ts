import { createHash } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { CheckpointStore, EventStore, StoredEvent, Subscription, subscribeToAll } from '@orderflow/event-store';
import { BusProducer, MessageBus, OutgoingMessage } from '../bus/message-bus';
import { Logger } from '../consumer/reliable-consumer';
import { eventHeaders } from './event-headers';

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
  logger?: Logger;
  /** Test seam: runs after the broker acked a batch and before the checkpoint is saved. */
  afterPublish?: (events: StoredEvent[]) => void | Promise<void>;
}

/**
 * Publishes a service's own events from the event store (the outbox) to Kafka. It reads
 * gap-safely, sends each batch with acks=all on an idempotent producer, and saves the checkpoint
 * only after the acks: a crash in between republishes, it never loses. One replica holds a
 * PostgreSQL advisory lock and relays; the others wait on standby.
 */
export class OutboxRelay {
  private lockConnection?: QueryRunner;
  private producer?: BusProducer;
  private subscription?: Subscription;
  private running = false;
  private activeLoop?: Promise<void>;
  private readonly checkpoints: CheckpointStore;
  private readonly subscriber: string;

  constructor(private readonly options: OutboxRelayOptions) {
    this.checkpoints = new CheckpointStore(options.store.dataSource);
    this.subscriber = `relay:${options.name}`;
  }

  get isActive(): boolean {
    return this.subscription !== undefined;
  }

  start(): void {
    this.running = true;
    this.activeLoop = this.becomeActive();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.activeLoop;
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.producer?.disconnect();
    this.producer = undefined;
    if (this.lockConnection) {
      // Session-level advisory locks outlive a pooled connection's release: unlock explicitly.
      await this.lockConnection
        .query(`SELECT pg_advisory_unlock_all()`)
        .catch(() => undefined);
      await this.lockConnection.release().catch(() => undefined);
      this.lockConnection = undefined;
    }
  }

  /** Resolves once everything visible now has been published. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUp();
  }

  private async becomeActive(): Promise<void> {
    const lockKey = advisoryLockKey(this.subscriber);
    while (this.running) {
      try {
        this.lockConnection ??= await this.connect(this.options.store.dataSource);
        const [row] = (await this.lockConnection.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [
          lockKey,
        ])) as { locked: boolean }[];
        if (row.locked) break;
      } catch (err) {
        this.options.logger?.warn(`${this.subscriber}: cannot take the relay lock yet: ${(err as Error).message}`);
        await this.lockConnection?.release().catch(() => undefined);
        this.lockConnection = undefined;
      }
      await sleep(this.options.standbyRetryMs ?? 1000);
    }
    if (!this.running) return;
    this.producer = await this.options.bus.producer();
    const producer = this.producer;
    this.subscription = subscribeToAll(this.options.store, {
      categories: this.options.categories,
      batchSize: this.options.batchSize ?? 500,
      idleDelayMs: this.options.idleDelayMs ?? 20,
      loadCheckpoint: () => this.checkpoints.load(this.subscriber),
      handle: async (events) => {
        await producer.send(events.flatMap((e) => this.options.toMessages(e)));
        await this.options.afterPublish?.(events);
        const last = events[events.length - 1];
        await this.checkpoints.save(this.subscriber, {
          transactionId: last.transactionId,
          globalPosition: last.globalPosition,
        });
      },
      onError: (err) => this.options.logger?.error(`${this.subscriber}: ${(err as Error).message}`),
    });
  }

  private async connect(dataSource: DataSource): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }
}

/** A stable 63-bit key for pg advisory locks derived from a name. */
export function advisoryLockKey(name: string): string {
  return BigInt.asIntN(64, BigInt('0x' + createHash('sha256').update(name).digest('hex').slice(0, 16))).toString();
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
