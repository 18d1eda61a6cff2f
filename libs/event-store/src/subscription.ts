import { CatchUpPacer } from './catch-up-pacer';
import { EventStore } from './event-store';
import { GlobalCheckpoint, StoredEvent } from './types';

export interface SubscriptionOptions {
  categories?: readonly string[];
  batchSize?: number;
  /**
   * How long to wait before reading again once caught up, when no notification comes first (the
   * store's append notifications wake the subscription as soon as events are committed).
   */
  idleDelayMs?: number;
  /** Wake on the store's append notifications (default true). */
  notifications?: boolean;
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

/**
 * Tails the global stream gap-safely, batch after batch, until stopped. Once caught up it sleeps
 * until the store announces committed events (or `idleDelayMs` passes, as a safety net), so an
 * idle store is not polled. A notified read that finds nothing yet (an older transaction still
 * holds the visibility horizon) is retried shortly. A failure (the database away, the handler's
 * broker away) is retried from the last durable checkpoint with capped backoff.
 */
export function subscribeToAll(store: EventStore, options: SubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 50;
  let running = true;
  let idleWaiters: (() => void)[] = [];
  const status: SubscriptionStatus = { lastSuccessAt: new Date(), consecutiveFailures: 0 };
  const pacer = new CatchUpPacer(options.notifications === false ? undefined : store.notifications(), idleDelayMs, options.categories);

  const loop = async () => {
    let checkpoint: GlobalCheckpoint | undefined;
    while (running) {
      try {
        const prompted = pacer.beginRead();
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
          await pacer.idle(batch.length, prompted);
        }
      } catch (err) {
        checkpoint = undefined;
        status.consecutiveFailures += 1;
        status.failingSince ??= new Date();
        status.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        options.onError?.(err);
        await pacer.sleep(Math.min(5000, 100 * 2 ** Math.min(status.consecutiveFailures, 6)));
      }
    }
  };
  const done = loop();

  return {
    async stop() {
      running = false;
      pacer.close();
      await done;
      idleWaiters.forEach((w) => w());
    },
    caughtUp() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        pacer.poke();
      });
    },
    status: () => ({ ...status }),
  };
}
