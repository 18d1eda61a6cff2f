import { EventStore } from './event-store';
import { GlobalCheckpoint, StoredEvent } from './types';

export interface SubscriptionOptions {
  categories?: readonly string[];
  batchSize?: number;
  /** How long to wait before polling again once caught up. */
  idleDelayMs?: number;
  /** Where to resume; read again after any failure, since the handler owns persistence. */
  loadCheckpoint: () => Promise<GlobalCheckpoint>;
  /** Handles one batch and durably records its last checkpoint (in its own transaction or after an ack). */
  handle: (events: StoredEvent[]) => Promise<void>;
  onError?: (err: unknown) => void;
}

/** How the subscription's loop is doing, for health reports. */
export interface SubscriptionStatus {
  /** The last time a read (and its handling) succeeded. */
  lastSuccessAt: Date;
  /** Set while reads or handling keep failing: since when, and the last error. */
  failingSince?: Date;
  lastError?: string;
  consecutiveFailures: number;
}

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves once the subscription has read everything visible when called. */
  caughtUp(): Promise<void>;
  status(): SubscriptionStatus;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tails the global stream gap-safely, batch after batch, until stopped. A failure (the database
 * away, the handler's broker away) is retried from the last durable checkpoint with capped backoff.
 */
export function subscribeToAll(store: EventStore, options: SubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 50;
  let running = true;
  let idleWaiters: (() => void)[] = [];
  const status: SubscriptionStatus = { lastSuccessAt: new Date(), consecutiveFailures: 0 };

  const loop = async () => {
    let checkpoint: GlobalCheckpoint | undefined;
    while (running) {
      try {
        checkpoint ??= await options.loadCheckpoint();
        const batch = await store.readAll({ after: checkpoint, limit: batchSize, categories: options.categories });
        if (batch.length > 0) {
          await options.handle(batch);
          const last = batch[batch.length - 1];
          checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
        }
        status.lastSuccessAt = new Date();
        status.consecutiveFailures = 0;
        status.failingSince = undefined;
        status.lastError = undefined;
        if (batch.length < batchSize) {
          const waiters = idleWaiters;
          idleWaiters = [];
          waiters.forEach((w) => w());
          await sleep(idleDelayMs);
        }
      } catch (err) {
        checkpoint = undefined;
        status.consecutiveFailures += 1;
        status.failingSince ??= new Date();
        status.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        options.onError?.(err);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(status.consecutiveFailures, 6)));
      }
    }
  };
  const done = loop();

  return {
    async stop() {
      running = false;
      await done;
      idleWaiters.forEach((w) => w());
    },
    caughtUp() {
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    status: () => ({ ...status }),
  };
}
