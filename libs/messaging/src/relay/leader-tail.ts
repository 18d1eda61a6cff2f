import { DataSource } from 'typeorm';
import { EventStore, GlobalCheckpoint, LeaderLock, StoredEvent, Subscription, subscribeToAll } from '@orderflow/event-store';
import { Logger } from '../consumer/reliable-consumer';
import { ComponentHealth } from '../health';

export interface LeaderTailOptions {
  /** Names the leader lock and the log lines, e.g. 'relay:order-service'. */
  name: string;
  /** What the lock is called in the log: 'relay lock', 'watch lock'. */
  lockName: string;
  dataSource: DataSource;
  store: EventStore;
  categories: readonly string[];
  batchSize: number;
  idleDelayMs?: number;
  /** How often a standby replica tries to become the active one. */
  standbyRetryMs?: number;
  /** How long the active replica may go without a successful batch before health calls it stuck (default 60 s). */
  stuckAfterMs?: number;
  loadCheckpoint: () => Promise<GlobalCheckpoint>;
  /** One batch, called only while this replica holds the lock; throwing retries it from the checkpoint. */
  handle: (events: StoredEvent[]) => Promise<void>;
  /** Runs after the subscription stopped, before the lock is let go (to drop what the active replica held). */
  onStepDown?: () => Promise<void>;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

/**
 * A gap-safe tail of some of the store's categories that one replica runs while the others wait on
 * standby: a PostgreSQL advisory lock elects it. The lock lives as long as its session, so the
 * active replica confirms it before every batch (and every second when idle) and steps back to
 * standby when PostgreSQL restarted or its connection was cut. The outbox relay and the stock
 * cover watch are two of these.
 */
export class LeaderTail {
  private readonly lock: LeaderLock;
  private subscription?: Subscription;
  private running = false;
  private loop?: Promise<void>;
  private leadershipLost = false;
  private wake?: () => void;

  constructor(private readonly options: LeaderTailOptions) {
    this.lock = new LeaderLock(options.dataSource, options.name);
  }

  get isActive(): boolean {
    return this.subscription !== undefined;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.loop = this.run().catch((err) => {
      this.options.logger?.error(`${this.options.name}: stopped by an unexpected error: ${(err as Error).message}`);
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Resolves once everything visible now has been handled (at once on standby). */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUp();
  }

  /** Down when stopped or stuck, degraded while batches fail, up on standby or when active. */
  liveness(): ComponentHealth {
    const { name, lockName } = this.options;
    if (!this.running) return { status: 'down', detail: `${name} is not running` };
    if (!this.subscription) return { status: 'up', detail: `standby: another replica holds the ${lockName}` };
    const s = this.subscription.status();
    if (Date.now() - s.lastSuccessAt.getTime() > (this.options.stuckAfterMs ?? 60_000)) {
      return { status: 'down', detail: `stuck: no successful batch since ${s.lastSuccessAt.toISOString()}: ${s.lastError ?? ''}`, since: s.lastSuccessAt.toISOString() };
    }
    if (s.failingSince) return { status: 'degraded', detail: `retrying: ${s.lastError}`, since: s.failingSince.toISOString() };
    return { status: 'up', detail: 'active' };
  }

  private async run(): Promise<void> {
    const { name, lockName } = this.options;
    while (this.running) {
      if (!(await this.becomeActive())) return;
      this.leadershipLost = false;
      this.subscription = subscribeToAll(this.options.store, {
        categories: this.options.categories,
        batchSize: this.options.batchSize,
        idleDelayMs: this.options.idleDelayMs ?? 1000,
        loadCheckpoint: this.options.loadCheckpoint,
        handle: (events) => this.handle(events),
        onError: (err) => this.options.logger?.error(`${name}: ${(err as Error).message}`),
      });
      // Active until stopped or until the lock's session is gone.
      while (this.running && !this.leadershipLost) {
        await this.sleep(1000);
        if (this.running && !(await this.lock.stillHeld())) this.leadershipLost = true;
      }
      await this.subscription.stop();
      this.subscription = undefined;
      await this.options.onStepDown?.();
      await this.lock.release();
      if (this.running) this.options.logger?.warn(`${name}: lost the ${lockName} (database restarted or connection cut); back to standby`);
    }
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    if (!(await this.lock.stillHeld())) {
      this.leadershipLost = true;
      this.wake?.();
      throw new Error(`the ${this.options.lockName} was lost; stepping down`);
    }
    await this.options.handle(events);
  }

  /** Waits on standby until this replica holds the lock; false when stopped first. */
  private async becomeActive(): Promise<boolean> {
    while (this.running) {
      try {
        if (await this.lock.tryAcquire()) return true;
      } catch (err) {
        this.options.logger?.warn(`${this.options.name}: cannot take the ${this.options.lockName} yet: ${(err as Error).message}`);
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
