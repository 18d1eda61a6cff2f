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

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves once the subscription has read everything visible when called. */
  caughtUp(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tails the global stream gap-safely, batch after batch, until stopped. */
export function subscribeToAll(store: EventStore, options: SubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 50;
  let running = true;
  let idleWaiters: (() => void)[] = [];

  const loop = async () => {
    let checkpoint: GlobalCheckpoint | undefined;
    let failures = 0;
    while (running) {
      try {
        checkpoint ??= await options.loadCheckpoint();
        const batch = await store.readAll({ after: checkpoint, limit: batchSize, categories: options.categories });
        if (batch.length > 0) {
          await options.handle(batch);
          const last = batch[batch.length - 1];
          checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
        }
        failures = 0;
        if (batch.length < batchSize) {
          const waiters = idleWaiters;
          idleWaiters = [];
          waiters.forEach((w) => w());
          await sleep(idleDelayMs);
        }
      } catch (err) {
        checkpoint = undefined;
        failures += 1;
        options.onError?.(err);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
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
  };
}
