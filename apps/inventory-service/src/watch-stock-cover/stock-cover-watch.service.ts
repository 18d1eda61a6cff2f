import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, EventStore } from '@orderflow/event-store';
import { CLOCK, HealthRegistry, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { STOCK_COVER_CONFIG, StockCoverConfig } from '../infrastructure/stock-cover.config';
import { StockCoverWatch } from './stock-cover-watch';

/** Runs the stock cover watch for as long as the service runs (standby until it holds the lock). */
@Injectable()
export class StockCoverWatchService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly watch: StockCoverWatch;

  constructor(
    store: EventStore,
    dataSource: DataSource,
    @Inject(STOCK_COVER_CONFIG) config: StockCoverConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
    private readonly health: HealthRegistry,
  ) {
    this.watch = new StockCoverWatch({ store, dataSource, config, clock, logger: new Logger('StockCoverWatch'), stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS });
  }

  onApplicationBootstrap(): void {
    this.health.register('stock-cover-watch', this.watch);
    this.watch.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.watch.stop();
  }
}
