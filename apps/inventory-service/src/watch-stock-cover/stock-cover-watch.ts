import { DataSource } from 'typeorm';
import { currentEventData, StreamIds } from '@orderflow/contracts';
import { addDays, isoDateOf } from '@orderflow/decider';
import {
  advisoryLockKey,
  backlogAfter,
  CheckpointStore,
  Clock,
  EventStore,
  GlobalCheckpoint,
  StoredEvent,
  Tx,
  withTransaction,
} from '@orderflow/event-store';
import { demandHistory, ForecastCache } from '@orderflow/forecasting';
import { ComponentHealth, HealthReporter, LeaderTail } from '@orderflow/messaging';
import { UnitOfWork } from '@orderflow/platform';
import { stockAlertDecider, StockAlertState } from '../domain/stock-alert.decider';
import { RecordedStockEvent, STOCK_MOVEMENT_TYPES, stockMovements } from '../domain/stock-movements';
import { StockCoverConfig } from '../infrastructure/stock-cover.config';
import { StockCoverView } from '../infrastructure/stock-cover-view';

/** Names the watch's checkpoint and its locks. */
export const STOCK_COVER_WATCH = 'stock-cover-watch:inventory-service';
const ACTOR = 'service:inventory-service';
const MOVEMENTS: ReadonlySet<string> = new Set(STOCK_MOVEMENT_TYPES);

export interface StockCoverWatchOptions {
  store: EventStore;
  dataSource: DataSource;
  config: StockCoverConfig;
  clock: Clock;
  logger?: { warn(message: string): void; error(message: string): void };
  idleDelayMs?: number;
  /** How often a standby replica tries to become the active watch. */
  standbyRetryMs?: number;
  /** How long an active watch may go without a successful read before /health calls it stuck (default 60 s). */
  stuckAfterMs?: number;
}

/**
 * Watches each SKU's days of cover at each warehouse and raises a low-stock alert once per crossing
 * below the lead time (docs/adr/0036). It tails the service's own `stock-` streams gap-safely and,
 * per batch, in one transaction: folds the levels and daily demand into its local views, decides
 * on the alert stream of every SKU and warehouse the batch touched (stockAlertDecider, with
 * libs/forecasting's forecast of its completed days), appends what it decided, and saves its
 * checkpoint. So a crash repeats a batch whole or not at all, and the allocation path pays nothing.
 * One replica is active (a leader lock), as with the relay; each batch also takes a transaction
 * lock and checks the checkpoint it started from, so a replica that lost the lead mid-batch cannot
 * apply a batch twice.
 */
export class StockCoverWatch implements HealthReporter {
  private readonly tail: LeaderTail;
  private readonly checkpoints: CheckpointStore;
  private readonly view = new StockCoverView();
  // Completed days change once a day: a SKU's fit is made once a day per warehouse, not per batch.
  private readonly forecasts = new ForecastCache();
  /** Where this replica's last batch left the checkpoint: what the next batch must find. */
  private position?: GlobalCheckpoint;

  constructor(private readonly options: StockCoverWatchOptions) {
    this.checkpoints = new CheckpointStore(options.dataSource);
    this.tail = new LeaderTail({
      name: STOCK_COVER_WATCH,
      lockName: 'watch lock',
      dataSource: options.dataSource,
      store: options.store,
      categories: ['stock'],
      batchSize: options.config.STOCK_COVER_WATCH_BATCH_SIZE,
      idleDelayMs: options.idleDelayMs,
      standbyRetryMs: options.standbyRetryMs,
      stuckAfterMs: options.stuckAfterMs,
      loadCheckpoint: async () => (this.position = await this.checkpoints.load(STOCK_COVER_WATCH)),
      handle: (events) => this.watch(events),
      logger: options.logger,
    });
  }

  start(): void {
    this.tail.start();
  }

  async stop(): Promise<void> {
    await this.tail.stop();
  }

  /** Resolves once every stock event visible now has been watched (at once on standby). */
  async caughtUp(): Promise<void> {
    await this.tail.caughtUp();
  }

  get isActive(): boolean {
    return this.tail.isActive;
  }

  async health(): Promise<ComponentHealth> {
    const liveness = this.tail.liveness();
    if (!this.tail.isActive) return liveness;
    const lag = await backlogAfter(this.options.dataSource, await this.checkpoints.load(STOCK_COVER_WATCH), ['stock']).catch(() => undefined);
    return lag === undefined ? liveness : { ...liveness, lag: lag.events };
  }

  private async watch(events: StoredEvent[]): Promise<void> {
    const from = this.position;
    const last = events[events.length - 1];
    const after: GlobalCheckpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    await withTransaction(this.options.dataSource, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [advisoryLockKey(`${STOCK_COVER_WATCH}:batch`)]);
      const at = await this.checkpoints.load(STOCK_COVER_WATCH, tx);
      if (!from || at.transactionId !== from.transactionId || at.globalPosition !== from.globalPosition) {
        this.position = undefined;
        throw new Error('the checkpoint moved under this batch (another replica watched it); reading again from it');
      }
      await this.apply(tx, events);
      await this.checkpoints.save(STOCK_COVER_WATCH, after, tx);
    });
    this.position = after;
  }

  private async apply(tx: Tx, events: readonly StoredEvent[]): Promise<void> {
    const recorded: RecordedStockEvent[] = events
      .filter((e) => MOVEMENTS.has(e.type))
      .map((e) => ({
        eventId: e.eventId,
        type: e.type,
        data: currentEventData(e.type, e.schemaVersion, e.data),
        recordedAt: e.recordedAt,
        correlationId: e.metadata.correlationId,
        traceparent: e.metadata.traceparent,
      }));
    const { levels, demand } = stockMovements(recorded);
    await this.view.apply(tx, levels, demand);

    const now = this.options.clock();
    const { REPLENISHMENT_HISTORY_DAYS: historyDays, STOCK_ALERT_MAX_AGE_HOURS: maxAgeHours } = this.options.config;
    // Catching up on history folds it, but what was low long ago is no news now.
    const fresh = levels.filter((l) => now.getTime() - l.last.recordedAt.getTime() <= maxAgeHours * 3_600_000);
    if (fresh.length === 0) return;
    const today = isoDateOf(now);
    const causes = new Map(fresh.map((l) => [`${l.sku}\u0000${l.warehouseId}`, l.last]));
    const heads: { sku: string; warehouseId: string; state: StockAlertState; version: number }[] = [];
    for (const cover of await this.view.load(tx, fresh, addDays(today, -historyDays))) {
      const key = `${cover.sku}\u0000${cover.warehouseId}`;
      const history = demandHistory(cover.demand, today, historyDays);
      const decided = stockAlertDecider.decide(
        {
          type: 'AssessCover',
          sku: cover.sku,
          warehouseId: cover.warehouseId,
          onHand: cover.onHand,
          available: cover.onHand - cover.reserved,
          forecast: this.forecasts.fit(key, history.completed),
          todayUnits: history.today,
          policy: this.policy(),
          now,
        },
        cover.alert.state,
      );
      if (decided.length === 0) continue;
      // Caused by the stock event that tipped it: its id makes the alert's, its correlation and trace carry on.
      const cause = causes.get(key)!;
      const uow = new UnitOfWork(tx, this.options.store, now, {
        messageId: cause.eventId,
        correlationId: cause.correlationId ?? cause.eventId,
        ...(cause.traceparent ? { traceparent: cause.traceparent } : {}),
        actor: ACTOR,
      });
      const head = await uow.append(StreamIds.stockAlert(cover.sku, cover.warehouseId), cover.alert, decided, { decider: stockAlertDecider });
      heads.push({ sku: cover.sku, warehouseId: cover.warehouseId, state: head.state, version: head.version });
    }
    await this.view.saveAlerts(tx, heads);
  }

  private policy() {
    const c = this.options.config;
    return { leadTimeDays: c.REPLENISHMENT_LEAD_TIME_DAYS, serviceLevel: c.REPLENISHMENT_SERVICE_LEVEL, reviewDays: c.REPLENISHMENT_REVIEW_DAYS };
  }
}
