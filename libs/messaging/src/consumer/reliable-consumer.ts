import { DataSource } from 'typeorm';
import { retryOnConflict, Tx, withTransaction } from '@orderflow/event-store';
import { consumerMetrics, ConsumerMetrics, DeadLetterErrorType, messageSpan, secondsSince, trackConsumerLag, unitOfWorkSpan } from '@orderflow/observability';
import { BusConsumer, BusProducer, IncomingMessage, MessageBus, PartitionBatch } from '../bus/message-bus';
import { deadLetterRecord } from '../dead-letters/dead-letter';
import { Decoder } from './decoder';
import { classifyFailure, describeFailure } from './failure-classification';
import { ComponentHealth } from '../health';
import { PartitionLags } from './partition-lags';

export interface HandlerContext {
  /** The unit of work: the inbox mark and every write of the handler commit together. */
  tx: Tx;
  /**
   * Decide on streams as stored, not on states the process remembers: set when a message is
   * applied on its own after its unit of work failed (a refusal is then certain to be its own).
   */
  readFresh: boolean;
  messageId: string;
  type: string;
  message: IncomingMessage;
  /** The conversation this message belongs to: its correlation-id header, else its own id. */
  correlationId: string;
  /** W3C trace context of the message, when it carried one. */
  traceparent?: string;
  /**
   * Runs `work` once, after every message of the transaction was handled and before it commits
   * (what a unit of work spanning many messages writes at the end). Registered once per key;
   * `settled` hears, after the transaction ended, whether it committed.
   */
  beforeCommit(key: object, work: () => Promise<void>, settled?: (committed: boolean) => void): void;
}

export type MessageHandler = (payload: unknown, ctx: HandlerContext) => Promise<void>;

export interface Logger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReliableConsumerOptions {
  bus: MessageBus;
  dataSource: DataSource;
  groupId: string;
  /** Name under which applied messages are recorded in the inbox (default: groupId). */
  consumerName?: string;
  topics: readonly string[];
  decode: Decoder;
  /** The handler for a message type; types without one are acknowledged and skipped. */
  resolveHandler: (type: string) => MessageHandler | undefined;
  /**
   * Attempts of a message whose failure is of no known kind (most likely a bug) before it is set
   * aside in the dead-letter topic, provided the database answers (default 5). Transient failures
   * are never counted: they are waited out.
   */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs` (default 100 ms). */
  retryBackoffMs?: number;
  /** The longest pause between two attempts while a failure is waited out (default 5 s). */
  maxBackoffMs?: number;
  /** Messages of one partition applied in one transaction when they all succeed (default 50). */
  unitOfWorkSize?: number;
  partitionsConcurrently?: number;
  dlqTopic?: (topic: string) => string;
  logger?: Logger;
  /** Test seam: runs after a unit of work committed and before its offsets are marked. */
  afterCommit?: (messages: IncomingMessage[]) => void | Promise<void>;
  /** The client's own retries of a failing batch before it crashes the consumer (default 10). */
  clientRetries?: number;
}

interface Item {
  message: IncomingMessage;
  type: string;
  messageId: string;
  payload: unknown;
  handler: MessageHandler;
  /** Acknowledged with its unit of work, but neither recorded in the inbox nor handled. */
  ackOnly?: boolean;
}

const consoleLogger: Logger = {
  log: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/**
 * Prompt tries of a message that keeps losing races, before the run is waited out with backoff like
 * a transient failure. Fewer than a unit of work run on its own gets (the factory's 50): the
 * consumer is not giving up after them, and the rest of the partition waits meanwhile.
 */
const PROMPT_CONFLICT_ATTEMPTS = 21;

/**
 * At-least-once delivery made effectively-once: each message's effect and its inbox row commit in
 * one transaction, and the offset is marked only after that commit. What a failure means is
 * decided in one place (./failure-classification):
 * - a transient failure (database or broker down, connection reset, timeout) pauses the partition,
 *   which retries with capped exponential backoff for as long as it takes; nothing is skipped and
 *   nothing reaches a dead-letter topic; /health shows the consumer degraded meanwhile;
 * - a lost race is retried at once;
 * - a permanent failure (the domain refuses the message) goes to `<topic>.dlq` at once, with the
 *   original bytes, headers and the reason, and the partition moves on;
 * - an unknown failure is retried a bounded number of times and set aside only while the database
 *   answers, so an outage that shows itself in an unexpected way is still waited out.
 * Partitions run in parallel; messages of one partition are applied in order. A consumer that the
 * client reports as crashed for good is started again, and reports itself down until it is.
 */
export class ReliableConsumer {
  private consumer?: BusConsumer;
  private dlqProducer?: BusProducer;
  private readonly logger: Logger;
  private readonly consumerName: string;
  private running = false;
  private crashedSince?: Date;
  private lastCrash?: string;
  private restartTimer?: NodeJS.Timeout;
  private restarts = 0;
  /** Partitions currently waiting out a failure, with what they wait for. */
  private readonly waiting = new Map<string, { since: Date; reason: string }>();
  private readonly metrics: ConsumerMetrics;
  private readonly lags = new PartitionLags(() => this.assignment());
  private untrackLag?: () => void;

  constructor(private readonly options: ReliableConsumerOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.consumerName = options.consumerName ?? options.groupId;
    this.metrics = consumerMetrics(options.groupId);
  }

  async start(): Promise<void> {
    this.running = true;
    this.untrackLag = trackConsumerLag(this.lags);
    this.dlqProducer = await this.options.bus.producer();
    await this.startConsumer();
  }

  private async startConsumer(): Promise<void> {
    this.consumer = await this.options.bus.consumer({
      groupId: this.options.groupId,
      retries: this.options.clientRetries,
      onCrash: (error, restarting) => this.crashed(error, restarting),
      onJoin: () => {
        this.crashedSince = undefined;
      },
    });
    await this.consumer.run({
      topics: this.options.topics,
      partitionsConcurrently: this.options.partitionsConcurrently ?? 6,
      onBatch: (batch) => this.processBatch(batch),
    });
    this.crashedSince = undefined;
  }

  /** The client gave up on its consumer; unless it restarts it itself, start a new one with backoff. */
  private crashed(error: unknown, restarting: boolean): void {
    this.lastCrash = describeFailure(error);
    this.crashedSince ??= new Date();
    this.logger.error(`${this.consumerName}: consumer crashed (${this.lastCrash}); ${restarting ? 'the client restarts it' : 'starting a new one'}`);
    if (restarting || !this.running) return;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(this.restarts, 6));
    this.restarts += 1;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.restartConsumer(), delay);
  }

  private async restartConsumer(): Promise<void> {
    if (!this.running) return;
    const old = this.consumer;
    this.consumer = undefined;
    await old?.disconnect().catch(() => undefined);
    try {
      await this.startConsumer();
      this.restarts = 0;
      this.logger.warn(`${this.consumerName}: consumer running again`);
    } catch (err) {
      this.crashed(err, false);
    }
  }

  assignment(): Record<string, number[]> {
    return this.consumer?.assignment() ?? {};
  }

  /** Down while crashed or stopped; degraded while any partition waits out a failure. */
  health(): ComponentHealth {
    if (!this.running) return { status: 'down', detail: 'stopped' };
    if (this.crashedSince) {
      return { status: 'down', detail: `crashed: ${this.lastCrash}`, since: this.crashedSince.toISOString(), lag: this.lags.total() };
    }
    if (this.waiting.size > 0) {
      const [first] = [...this.waiting.entries()].sort((a, b) => a[1].since.getTime() - b[1].since.getTime());
      return {
        status: 'degraded',
        detail: `${this.waiting.size} partition(s) waiting; ${first[0]}: ${first[1].reason}`,
        since: first[1].since.toISOString(),
        lag: this.lags.total(),
      };
    }
    return { status: 'up', lag: this.lags.total() };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.untrackLag?.();
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  private async processBatch(batch: PartitionBatch): Promise<void> {
    const size = this.options.unitOfWorkSize ?? 50;
    let pending: Item[] = [];
    this.lags.fetched(batch);

    /** Applies the pending messages together; false when the partition was lost meanwhile. */
    const flush = async (): Promise<boolean> => {
      if (pending.length === 0) return true;
      const group = pending;
      pending = [];
      try {
        await this.applyWithInbox(group);
      } catch (err) {
        const culprit = err instanceof HandlerFailure ? err.item : undefined;
        const cause = causeOf(err);
        // Settle one at a time: only the failing message is retried, or set aside.
        for (const item of group) {
          const firstError = group.length === 1 || item === culprit ? cause : undefined;
          if (!(await this.settle(item, batch, firstError))) return false;
          batch.markDone(item.message);
        }
        await this.commit(batch);
        return true;
      }
      group.forEach((item) => batch.markDone(item.message));
      await this.commit(batch);
      await this.heartbeat(batch);
      return true;
    };

    this.metrics.consumed(batch.topic, batch.messages.length);
    for (const message of batch.messages) {
      if (!batch.stillOwned()) return;
      const decoded = this.options.decode(message);
      if (!decoded.ok && decoded.skip) {
        this.acknowledge(message, pending, batch);
        continue;
      }
      if (!decoded.ok) {
        if (!(await flush())) return;
        if (!(await this.deadLetter(batch, message, `rejected: ${decoded.reason}`, 0, 'invalid_message'))) return;
        batch.markDone(message);
        continue;
      }
      const handler = this.options.resolveHandler(decoded.type);
      if (!handler) {
        this.acknowledge(message, pending, batch);
        continue;
      }
      pending.push({ message, type: decoded.type, messageId: decoded.messageId, payload: decoded.payload, handler });
      if (pending.length >= size && !(await flush())) return;
    }
    if (!(await flush())) return;
    await this.commit(batch);
    this.lags.processed(batch);
  }

  /**
   * A message this consumer does not act on: marked done in order with the rest (right away when
   * nothing is pending, else with the pending unit of work), never written to the inbox.
   */
  private acknowledge(message: IncomingMessage, pending: Item[], batch: PartitionBatch): void {
    if (pending.length === 0) batch.markDone(message);
    else pending.push({ message, type: '', messageId: '', payload: undefined, handler: async () => undefined, ackOnly: true });
  }

  /**
   * Applies one message until it succeeds or is set aside in the dead-letter topic, however long
   * the infrastructure takes to come back. Returns false when the partition was lost meanwhile
   * (its new owner takes over from the last committed offset).
   */
  private async settle(item: Item, batch: PartitionBatch, firstError?: unknown): Promise<boolean> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const where = `${item.message.topic}[${item.message.partition}]`;
    let error = firstError;
    let triedAlone = false;
    let refusals = 0;
    let unknownFailures = 0;
    let waits = 0;
    try {
      for (;;) {
        if (error !== undefined) {
          const kind = classifyFailure(error);
          if (kind === 'permanent') {
            // A refusal is final only once it was made on the stream as stored (every attempt
            // below reads fresh): the first may have been decided on a state the process remembered.
            if (refusals++ > 0) {
              return this.deadLetter(batch, item.message, `unprocessable: ${(error as Error).message ?? describeFailure(error)}`, refusals, 'refused');
            }
            // else tried again at once, below
          } else if (kind === 'conflict' && !triedAlone) {
            // A lost optimistic-concurrency race is not a failure: tried again promptly, below.
          } else {
            if (kind === 'unknown' && ++unknownFailures >= maxAttempts && (await this.databaseAnswers())) {
              return this.deadLetter(batch, item.message, `handler failed after ${unknownFailures} attempts: ${describeFailure(error)}`, unknownFailures, 'handler_failure');
            }
            waits += 1;
            this.metrics.retried(item.message.topic);
            const reason = `${kind} failure of ${item.type} ${item.messageId}: ${describeFailure(error)}`;
            this.waiting.set(where, { since: this.waiting.get(where)?.since ?? new Date(), reason });
            if (waits === 1 || waits % 10 === 0) {
              this.logger.warn(`${this.consumerName}: ${where}@${item.message.offset} waits (attempt ${waits + 1}): ${reason}`);
            }
            if (!(await this.pause(batch, this.backoff(waits)))) return false;
          }
        }
        if (!batch.stillOwned()) return false;
        try {
          // Each lost race reloads and decides again; a long run of them comes out as the conflict, waited out above.
          await retryOnConflict(() => this.applyWithInbox([item], true), {
            attempts: PROMPT_CONFLICT_ATTEMPTS,
            isConflict: (err) => classifyFailure(causeOf(err)) === 'conflict',
          });
          if (waits > 0) this.logger.warn(`${this.consumerName}: ${where}@${item.message.offset} applied after ${waits} wait(s)`);
          return true;
        } catch (err) {
          error = causeOf(err);
          triedAlone = true;
        }
      }
    } finally {
      this.waiting.delete(where);
    }
  }

  private backoff(attempt: number): number {
    const first = this.options.retryBackoffMs ?? 100;
    const cap = this.options.maxBackoffMs ?? 5000;
    const base = Math.min(cap, first * 2 ** Math.min(attempt - 1, 20));
    return base / 2 + (Math.random() * base) / 2;
  }

  /** Waits, heartbeating so the group keeps the partition here; false when it was lost meanwhile. */
  private async pause(batch: PartitionBatch, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!batch.stillOwned()) return false;
      await sleep(Math.min(1000, until - Date.now()));
      await this.heartbeat(batch);
    }
    return batch.stillOwned();
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await Promise.race([
        this.options.dataSource.query('SELECT 1'),
        sleep(3000).then(() => Promise.reject(new Error('timed out'))),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /** A failed commit or heartbeat loses nothing: the offsets are committed at the next commit point, or redelivered. */
  private async commit(batch: PartitionBatch): Promise<void> {
    try {
      await batch.commit();
    } catch (err) {
      this.logger.warn(`${this.consumerName}: offset commit of ${batch.topic}[${batch.partition}] deferred: ${describeFailure(err)}`);
    }
  }

  private async heartbeat(batch: PartitionBatch): Promise<void> {
    await batch.heartbeat().catch(() => undefined);
  }

  /** `readFresh`: handlers read every stream from the database (a message being settled on its own). */
  private async applyWithInbox(all: Item[], readFresh = false): Promise<void> {
    const items = all.filter((i) => !i.ackOnly);
    if (items.length === 0) return;
    const settledHooks: ((committed: boolean) => void)[] = [];
    try {
      await this.applyInTransaction(items, settledHooks, readFresh);
    } catch (err) {
      settledHooks.forEach((hook) => hook(false));
      throw err;
    }
    settledHooks.forEach((hook) => hook(true));
    this.metrics.applied(items[0].message.topic, items.length);
    await this.options.afterCommit?.(items.map((i) => i.message));
  }

  private async applyInTransaction(items: Item[], settledHooks: ((committed: boolean) => void)[], readFresh: boolean): Promise<void> {
    const started = performance.now();
    const records = items.map((i) => ({ ...i.message, messageId: i.messageId }));
    await unitOfWorkSpan(this.options.groupId, records, () => withTransaction(this.options.dataSource, async (tx) => {
      const fresh = (await tx.query(
        `INSERT INTO inbox (consumer, message_id, topic, partition, "offset")
         SELECT $1, m.id, m.topic, m.partition, m.off
           FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS m(id, topic, partition, off)
         ON CONFLICT (consumer, message_id) DO NOTHING
         RETURNING message_id`,
        [
          this.consumerName,
          items.map((i) => i.messageId),
          items.map((i) => i.message.topic),
          items.map((i) => i.message.partition),
          items.map((i) => i.message.offset),
        ],
      )) as { message_id: string }[];
      const isFresh = new Set(fresh.map((r) => r.message_id));
      const beforeCommit = new Map<object, () => Promise<void>>();
      const register = (key: object, work: () => Promise<void>, settled?: (committed: boolean) => void) => {
        if (beforeCommit.has(key)) return;
        beforeCommit.set(key, work);
        if (settled) settledHooks.push(settled);
      };
      for (const item of items) {
        if (!isFresh.has(item.messageId)) continue; // a redelivery, or a repeat within this batch
        isFresh.delete(item.messageId);
        const handling = performance.now();
        try {
          // In the message's own span and work context: what it appends carries on that span's trace.
          await messageSpan(this.options.groupId, item.message, item.messageId, (traceparent) =>
            item.handler(item.payload, {
              tx,
              readFresh,
              messageId: item.messageId,
              type: item.type,
              message: item.message,
              correlationId: item.message.headers['correlation-id'] || item.messageId,
              traceparent,
              beforeCommit: register,
            }),
          );
        } catch (err) {
          throw new HandlerFailure(item, err);
        }
        this.metrics.handled(item.message.topic, secondsSince(handling));
      }
      for (const work of beforeCommit.values()) await work();
    }));
    this.metrics.unitOfWork(secondsSince(started));
  }

  /**
   * Puts the original bytes and headers, with the reason, on the dead-letter topic. A broker that
   * cannot take it is waited out like any transient failure. False when the partition was lost.
   */
  private async deadLetter(batch: PartitionBatch, message: IncomingMessage, reason: string, attempts: number, errorType: DeadLetterErrorType): Promise<boolean> {
    const topic = (this.options.dlqTopic ?? defaultDlqTopic)(message.topic);
    const where = `${message.topic}[${message.partition}]`;
    const record = deadLetterRecord(message, topic, { reason, consumer: this.consumerName, attempts });
    try {
      for (let waits = 1; ; waits++) {
        try {
          this.dlqProducer ??= await this.options.bus.producer();
          await this.dlqProducer.send([record]);
          break;
        } catch (err) {
          const producer = this.dlqProducer;
          this.dlqProducer = undefined;
          await producer?.disconnect().catch(() => undefined);
          const why = `dead-letter topic ${topic} unreachable: ${describeFailure(err)}`;
          this.waiting.set(where, { since: this.waiting.get(where)?.since ?? new Date(), reason: why });
          if (waits === 1 || waits % 10 === 0) this.logger.warn(`${this.consumerName}: ${where}@${message.offset} waits: ${why}`);
          if (!(await this.pause(batch, this.backoff(waits)))) return false;
        }
      }
    } finally {
      this.waiting.delete(where);
    }
    this.logger.warn(`${this.consumerName}: ${where}@${message.offset} -> ${topic}: ${reason}`);
    this.metrics.deadLettered(message.topic, errorType);
    return true;
  }
}

/** What a handler threw, unwrapped from the HandlerFailure that names its message. */
const causeOf = (err: unknown): unknown => (err instanceof HandlerFailure ? err.cause : err);

/** Names the message whose handler threw, so a failed unit of work retries only that one. */
class HandlerFailure extends Error {
  constructor(
    readonly item: Item,
    override readonly cause: unknown,
  ) {
    super(describeFailure(cause));
  }
}

export const defaultDlqTopic = (topic: string) => `${topic}.dlq`;


const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
