import { DataSource } from 'typeorm';
import { backlogAfter, CatchUpPacer, CheckpointStore, EventStore, GlobalCheckpoint, LeaderLock, withTransaction } from '@orderflow/event-store';
import { liveSubscriber, lockKeys, Projection, ProjectionName, tablesOf } from './projection';

export interface ProjectorLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  dataSource: DataSource;
  projection: Projection;
  store?: EventStore;
  batchSize?: number;
  /** How long to wait before reading again once caught up, when no append notification comes first. */
  idleDelayMs?: number;
  /** How often a standby replica tries to become the active projector. */
  standbyRetryMs?: number;
  /** How long an active projector may apply nothing while events wait before /health calls it stuck (default 60 s). */
  stuckAfterMs?: number;
  logger?: ProjectorLogger;
}

/**
 * Applies the next batch of the global stream to a projection's live tables, in one transaction
 * that also saves the checkpoint. The transaction first takes the projection's writer lock and only
 * then reads the checkpoint, so a rebuild's swap (which holds that lock while it moves the tables
 * and the checkpoint) is seen whole: the batch resumes from the swapped-in checkpoint.
 * Returns how many events it applied.
 */
export async function applyNextBatch(
  dataSource: DataSource,
  projection: Projection,
  options: { store?: EventStore; batchSize?: number } = {},
): Promise<number> {
  return (await applyBatchAfter(dataSource, projection, undefined, options)).applied;
}

/**
 * The next batch after `known` (where this projector left off, when it knows): the events are read
 * before any transaction opens, so finding nothing costs one statement. A batch with events takes
 * the writer lock and confirms the checkpoint; if a rebuild's swap moved it meanwhile, the batch is
 * read again from there.
 */
async function applyBatchAfter(
  dataSource: DataSource,
  projection: Projection,
  known: GlobalCheckpoint | undefined,
  options: { store?: EventStore; batchSize?: number },
): Promise<{ applied: number; checkpoint: GlobalCheckpoint }> {
  const store = options.store ?? new EventStore(dataSource);
  const checkpoints = new CheckpointStore(dataSource);
  const subscriber = liveSubscriber(projection.name);
  const limit = options.batchSize ?? 500;
  const from = known ?? (await checkpoints.load(subscriber));
  const ahead = await store.readAll({ after: from, limit });
  if (ahead.length === 0) return { applied: 0, checkpoint: from };
  return withTransaction(dataSource, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [lockKeys(projection.name).writer]);
    const after = await checkpoints.load(subscriber, tx);
    const moved = after.transactionId !== from.transactionId || after.globalPosition !== from.globalPosition;
    const events = moved ? await store.readAll({ after, limit }) : ahead;
    if (events.length === 0) return { applied: 0, checkpoint: after };
    await projection.apply(tx, events, tablesOf(projection));
    const last = events[events.length - 1];
    const checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    await checkpoints.save(subscriber, checkpoint, tx);
    return { applied: events.length, checkpoint };
  });
}

/**
 * Applies batches until every event committed before the call is projected (tests, and a one-off
 * catch-up). The store hands out an event only once no older transaction can still commit before
 * it, and that horizon is the whole cluster's: a transaction open in another database holds it
 * back. So the committed head is read first, and the catch-up waits out such a transaction rather
 * than return short of the head (`timeoutMs`, 30 s by default, then it throws).
 */
export async function catchUpProjection(
  dataSource: DataSource,
  projection: Projection,
  options: { store?: EventStore; batchSize?: number; timeoutMs?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const store = options.store ?? new EventStore(dataSource);
  const [{ head }] = (await dataSource.query(`SELECT coalesce(max(global_position), 0)::bigint::text AS head FROM events`)) as { head: string }[];
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let total = 0;
  for (;;) {
    const { applied, checkpoint } = await applyBatchAfter(dataSource, projection, undefined, { store, batchSize });
    total += applied;
    if (applied === batchSize) continue;
    // The checkpoint is the last event in (transaction id, position) order, so its position can be
    // below the head although everything up to the head is applied: ask what is left instead.
    const [{ left }] = (await dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM events WHERE global_position <= $1::bigint AND (transaction_id, global_position) > ($2::xid8, $3::bigint)) AS left`,
      [head, checkpoint.transactionId, checkpoint.globalPosition],
    )) as { left: boolean }[];
    if (!left) return total;
    if (Date.now() > deadline) throw new Error(`${projection.name}: caught up to ${checkpoint.globalPosition} of ${head} in ${options.timeoutMs ?? 30_000} ms; a transaction holds the read horizon back`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How often an active projector confirms it still holds the leader lock. */
const LEADER_CHECK_MS = 1000;

/** A projector's health, in the shape every service's health registry reads. */
export interface ProjectorHealth {
  status: 'up' | 'degraded' | 'down';
  detail?: string;
  since?: string;
  /** Events not applied yet, when the database answered. */
  lag?: number;
}

/** How far behind a projection's live tables are: the events after its checkpoint, and the oldest one's age. */
export async function projectionLag(dataSource: DataSource, name: ProjectionName): Promise<{ events: number; oldestAgeSeconds: number }> {
  return backlogAfter(dataSource, await new CheckpointStore(dataSource).load(liveSubscriber(name)));
}

/**
 * Keeps one projection's live tables up to date for as long as it runs. One replica holds the
 * projection's leader lock (session-level, on its own connection) and projects; the others wait on
 * standby, so N replicas are safe. The lock lives as long as its session: the leader confirms it
 * before its batches and steps back to standby when PostgreSQL restarted or the connection was cut.
 * A failing batch is retried with capped backoff. One that keeps failing, or hangs (waiting on a
 * lock, say), for `stuckAfterMs` while events wait makes the projector report itself stuck.
 */
export class Projector {
  private running = false;
  private loop?: Promise<void>;
  private readonly lock: LeaderLock;
  private active = false;
  private iteration = 0;
  private waiters: { after: number; resolve: () => void }[] = [];
  private readonly store: EventStore;
  private pacer?: CatchUpPacer;
  private lastSuccessAt = new Date();
  private failingSince?: Date;
  private lastError?: string;

  constructor(private readonly options: ProjectorOptions) {
    this.store = options.store ?? new EventStore(options.dataSource);
    this.lock = new LeaderLock(options.dataSource, `projector:${options.projection.name}`);
  }

  get name(): ProjectionName {
    return this.options.projection.name;
  }

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pacer = new CatchUpPacer(this.store.notifications(), this.options.idleDelayMs ?? 1000);
    this.loop = this.run().catch((err) => {
      this.options.logger?.error(`projector ${this.name}: stopped by an unexpected error: ${(err as Error).message}`);
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pacer?.close();
    await this.loop;
    this.active = false;
    await this.lock.release();
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w.resolve());
  }

  /** Resolves once everything visible when called has been applied (or the projector stopped). */
  caughtUp(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ after: this.iteration, resolve });
      this.pacer?.poke();
    });
  }

  /**
   * Down when stopped, or stuck: nothing applied for `stuckAfterMs` while events wait (an idle
   * projector, caught up, is not stuck however long it sleeps). The lag is asked of the database.
   */
  async health(): Promise<ProjectorHealth> {
    if (!this.running) return { status: 'down', detail: `projector ${this.name} is not running` };
    if (!this.active) return { status: 'up', detail: 'standby: another replica holds the leader lock' };
    const lag = (await projectionLag(this.options.dataSource, this.name).catch(() => undefined))?.events;
    const quietMs = Date.now() - this.lastSuccessAt.getTime();
    if (quietMs > (this.options.stuckAfterMs ?? 60_000) && lag !== 0) {
      const waiting = lag === undefined ? 'its lag unknown' : `${lag} event(s) waiting`;
      return {
        status: 'down',
        detail: `stuck: nothing applied for ${Math.round(quietMs / 1000)} s, ${waiting}${this.lastError ? `; last error: ${this.lastError}` : ''}`,
        since: this.lastSuccessAt.toISOString(),
        lag,
      };
    }
    if (this.failingSince) return { status: 'degraded', detail: `retrying: ${this.lastError}`, since: this.failingSince.toISOString(), lag };
    return { status: 'up', detail: 'active', lag };
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!(await this.becomeLeader())) return;
      this.active = true;
      this.lastSuccessAt = new Date();
      await this.project();
      this.active = false;
      await this.lock.release();
      if (this.running) this.options.logger?.warn(`projector ${this.name}: lost the leader lock (database restarted or connection cut); back to standby`);
    }
  }

  /** Applies batches while this replica leads. */
  private async project(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let failures = 0;
    let checkpoint: GlobalCheckpoint | undefined;
    let lockConfirmedAt = 0;
    while (this.running) {
      // The writer lock and the checkpoint check keep batches whole; the leader lock only keeps
      // standbys idle, so confirming it once a second is enough.
      if (Date.now() - lockConfirmedAt >= LEADER_CHECK_MS) {
        if (!(await this.lock.stillHeld())) return;
        lockConfirmedAt = Date.now();
      }
      const iteration = ++this.iteration;
      const prompted = this.pacer!.beginRead();
      try {
        const batch = await applyBatchAfter(this.options.dataSource, this.options.projection, checkpoint, {
          store: this.store,
          batchSize,
        });
        checkpoint = batch.checkpoint;
        failures = 0;
        this.lastSuccessAt = new Date();
        this.failingSince = undefined;
        this.lastError = undefined;
        if (batch.applied < batchSize) {
          this.releaseWaiters(iteration);
          await this.pacer!.idle(batch.applied, prompted);
        }
      } catch (err) {
        checkpoint = undefined;
        failures += 1;
        this.failingSince ??= new Date();
        this.lastError = (err as Error).message;
        this.options.logger?.error(`projector ${this.name}: ${(err as Error).message}`);
        await this.pacer!.sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private async becomeLeader(): Promise<boolean> {
    while (this.running) {
      try {
        if (await this.lock.tryAcquire()) return true;
      } catch (err) {
        this.options.logger?.warn(`projector ${this.name}: cannot take the leader lock yet: ${(err as Error).message}`);
      }
      // Not woken by appends: a standby only retries the lock at its own pace.
      await new Promise((r) => setTimeout(r, this.options.standbyRetryMs ?? 1000));
    }
    return false;
  }

  /** Waiters registered before this iteration started have now seen everything visible to them. */
  private releaseWaiters(iteration: number): void {
    const ready = this.waiters.filter((w) => w.after < iteration);
    this.waiters = this.waiters.filter((w) => w.after >= iteration);
    ready.forEach((w) => w.resolve());
  }
}
