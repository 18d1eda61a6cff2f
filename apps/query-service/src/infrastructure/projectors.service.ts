import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { trackProjectionLag } from '@orderflow/observability';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { PROJECTIONS, projectionLag, Projector } from '@orderflow/projections';
import { QUERY_CONFIG, QueryConfig } from './query.config';

/** Runs every projection's projector for as long as the app runs (standby while another replica leads). */
@Injectable()
export class ProjectorsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projectors: Projector[] = [];
  private untrack: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.projectors = Object.values(PROJECTIONS).map(
      (projection) =>
        new Projector({
          dataSource: this.dataSource,
          store: this.store,
          projection,
          batchSize: this.config.QUERY_PROJECTOR_BATCH_SIZE,
          idleDelayMs: this.config.QUERY_PROJECTOR_IDLE_MS,
          stuckAfterMs: this.platform.HEALTH_STUCK_AFTER_MS,
          logger: this.logger,
        }),
    );
    for (const projector of this.projectors) {
      this.health.register(`projector:${projector.name}`, projector);
      this.untrack.push(
        trackProjectionLag(projector.name, async () => {
          const lag = await projectionLag(this.dataSource, projector.name);
          return { events: lag.events, seconds: lag.oldestAgeSeconds };
        }),
      );
      projector.start();
    }
  }

  /** Before the platform closes the DataSource. */
  async beforeApplicationShutdown(): Promise<void> {
    this.untrack.forEach((untrack) => untrack());
    await Promise.all(this.projectors.map((p) => p.stop()));
  }
}
