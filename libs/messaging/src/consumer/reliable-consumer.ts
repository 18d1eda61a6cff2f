import { DataSource } from 'typeorm';
import { Tx, withTransaction } from '@orderflow/event-store';
import { BusConsumer, BusProducer, Headers, IncomingMessage, MessageBus, PartitionBatch } from '../bus/message-bus';
import { Decoder } from './decoder';

export interface HandlerContext {
  /** The unit of work: the inbox mark and every write of the handler commit together. */
  tx: Tx;
  messageId: string;
  type: string;
  message: IncomingMessage;
  /** The conversation this message belongs to: its correlation-id header, else its own id. */
  correlationId: string;
  /** W3C trace context of the message, when it carried one. */
  traceparent?: string;
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
  /** Attempts per message before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 100 ms). */
  retryBackoffMs?: number;
  /** Messages of one partition applied in one transaction when they all succeed (default 50). */
  unitOfWorkSize?: number;
  partitionsConcurrently?: number;
  dlqTopic?: (topic: string) => string;
  logger?: Logger;
  /** Test seam: runs after a unit of work committed and before its offsets are marked. */
  afterCommit?: (messages: IncomingMessage[]) => void | Promise<void>;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const consoleLogger: Logger = {
  log: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/**
 * At-least-once delivery made effectively-once: each message's effect and its inbox row commit in
 * one transaction, and the offset is marked only after that commit. Failures are retried a bounded
 * number of times, then the original bytes go to `<topic>.dlq` with the reason and the partition
 * moves on. Partitions run in parallel; messages of one partition are applied in order.
 */
export class ReliableConsumer {
  private consumer?: BusConsumer;
  private dlqProducer?: BusProducer;
  private readonly logger: Logger;
  private readonly consumerName: string;

  constructor(private readonly options: ReliableConsumerOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.consumerName = options.consumerName ?? options.groupId;
  }

  async start(): Promise<void> {
    this.dlqProducer = await this.options.bus.producer();
    this.consumer = await this.options.bus.consumer({ groupId: this.options.groupId });
    await this.consumer.run({
      topics: this.options.topics,
      partitionsConcurrently: this.options.partitionsConcurrently ?? 6,
      onBatch: (batch) => this.processBatch(batch),
    });
  }

  assignment(): Record<string, number[]> {
    return this.consumer?.assignment() ?? {};
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  private async processBatch(batch: PartitionBatch): Promise<void> {
    const size = this.options.unitOfWorkSize ?? 50;
    let pending: Item[] = [];

    const flush = async () => {
      if (pending.length === 0) return;
      const group = pending;
      pending = [];
      try {
        await this.applyWithInbox(group);
      } catch (err) {
        if (group.length > 1) {
          // Find the culprit: apply one at a time so only the failing message is retried.
          const culprit = err instanceof HandlerFailure ? err.item : undefined;
          for (const item of group) {
            const firstError = item === culprit ? (err as HandlerFailure).cause : undefined;
            if (!batch.stillOwned() || !(await this.applyWithRetries(item, batch, firstError))) return;
            batch.markDone(item.message);
          }
          await batch.commit();
          return;
        }
        const cause = err instanceof HandlerFailure ? err.cause : err;
        if (!(await this.applyWithRetries(group[0], batch, cause))) return;
      }
      group.forEach((item) => batch.markDone(item.message));
      await batch.commit();
      await batch.heartbeat();
    };

    for (const message of batch.messages) {
      if (!batch.stillOwned()) return;
      const decoded = this.options.decode(message);
      if (!decoded.ok && decoded.skip) {
        this.acknowledge(message, pending, batch);
        continue;
      }
      if (!decoded.ok) {
        await flush();
        if (!batch.stillOwned()) return;
        await this.deadLetter(message, `rejected: ${decoded.reason}`, 0);
        batch.markDone(message);
        continue;
      }
      const handler = this.options.resolveHandler(decoded.type);
      if (!handler) {
        this.acknowledge(message, pending, batch);
        continue;
      }
      pending.push({ message, type: decoded.type, messageId: decoded.messageId, payload: decoded.payload, handler });
      if (pending.length >= size) await flush();
    }
    await flush();
    await batch.commit();
  }

  /**
   * A message this consumer does not act on: marked done in order with the rest (right away when
   * nothing is pending, else with the pending unit of work), never written to the inbox.
   */
  private acknowledge(message: IncomingMessage, pending: Item[], batch: PartitionBatch): void {
    if (pending.length === 0) batch.markDone(message);
    else pending.push({ message, type: '', messageId: '', payload: undefined, handler: async () => undefined, ackOnly: true });
  }

  /** Returns false when the partition was lost while retrying (the new owner takes over). */
  private async applyWithRetries(item: Item, batch: PartitionBatch, firstError?: unknown): Promise<boolean> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const backoff = this.options.retryBackoffMs ?? 100;
    let lastError = firstError;
    let conflicts = 0;
    for (let attempt = firstError ? 2 : 1; attempt <= maxAttempts; attempt++) {
      if (isUnprocessable(lastError)) break;
      if (isConflict(lastError) && conflicts < MAX_CONFLICT_RETRIES) {
        // A lost optimistic-concurrency race is not a failure: reload and decide again, promptly.
        conflicts += 1;
        attempt -= 1;
        await sleep(Math.random() * Math.min(50, 2 * conflicts));
      } else if (lastError) {
        await sleep(backoff * 2 ** (attempt - 2));
        await batch.heartbeat();
      }
      if (!batch.stillOwned()) return false;
      try {
        await this.applyWithInbox([item]);
        return true;
      } catch (err) {
        lastError = err instanceof HandlerFailure ? err.cause : err;
        if (!isConflict(lastError) && !isUnprocessable(lastError)) {
          this.logger.warn(
            `${this.consumerName}: ${item.type} ${item.messageId} failed (attempt ${attempt}/${maxAttempts}): ${describe(lastError)}`,
          );
        }
      }
    }
    if (isUnprocessable(lastError)) {
      await this.deadLetter(item.message, `unprocessable: ${(lastError as Error).message}`, 1);
    } else {
      await this.deadLetter(item.message, `handler failed after ${maxAttempts} attempts: ${describe(lastError)}`, maxAttempts);
    }
    return true;
  }

  private async applyWithInbox(all: Item[]): Promise<void> {
    const items = all.filter((i) => !i.ackOnly);
    if (items.length === 0) return;
    await withTransaction(this.options.dataSource, async (tx) => {
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
      for (const item of items) {
        if (!isFresh.has(item.messageId)) continue; // a redelivery, or a repeat within this batch
        isFresh.delete(item.messageId);
        try {
          await item.handler(item.payload, {
            tx,
            messageId: item.messageId,
            type: item.type,
            message: item.message,
            correlationId: item.message.headers['correlation-id'] || item.messageId,
            traceparent: item.message.headers.traceparent,
          });
        } catch (err) {
          throw new HandlerFailure(item, err);
        }
      }
    });
    await this.options.afterCommit?.(items.map((i) => i.message));
  }

  private async deadLetter(message: IncomingMessage, reason: string, attempts: number): Promise<void> {
    const topic = (this.options.dlqTopic ?? defaultDlqTopic)(message.topic);
    const headers: Headers = {
      ...message.headers,
      'dlq-reason': reason.slice(0, 4000),
      'dlq-source-topic': message.topic,
      'dlq-source-partition': String(message.partition),
      'dlq-source-offset': message.offset,
      'dlq-consumer': this.consumerName,
      'dlq-attempts': String(attempts),
      'dlq-failed-at': new Date().toISOString(),
    };
    await this.dlqProducer!.send([{ topic, key: message.key, value: message.value ?? Buffer.alloc(0), headers }]);
    this.logger.warn(`${this.consumerName}: ${message.topic}[${message.partition}]@${message.offset} -> ${topic}: ${reason}`);
  }
}

/**
 * A well-formed message that can never be applied (it names an unknown shipment, say): retrying
 * cannot help, so it goes straight to the dead-letter topic with this reason.
 */
export class UnprocessableMessage extends Error {
  override readonly name = 'UnprocessableMessage';
}

const MAX_CONFLICT_RETRIES = 100;

/**
 * A lost race, worth retrying at once: the event store's ConcurrencyError (recognised by name so
 * this library does not depend on it), or PostgreSQL's deadlock and serialization failures.
 */
function isConflict(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  return e.name === 'ConcurrencyError' || code === '40P01' || code === '40001';
}

/** Retrying cannot help: an UnprocessableMessage, or a domain refusal (DomainError) of the command. */
function isUnprocessable(err: unknown): boolean {
  return err instanceof UnprocessableMessage || (err instanceof Error && err.name === 'DomainError');
}

/** Names the message whose handler threw, so a failed unit of work retries only that one. */
class HandlerFailure extends Error {
  constructor(
    readonly item: Item,
    override readonly cause: unknown,
  ) {
    super(describe(cause));
  }
}

export const defaultDlqTopic = (topic: string) => `${topic}.dlq`;

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === 'object') {
    try {
      return JSON.stringify(err);
    } catch {
      return Object.prototype.toString.call(err);
    }
  }
  return String(err);
}
