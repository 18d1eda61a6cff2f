import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { HealthRegistry } from '@orderflow/platform';
import { PROJECTIONS, Projector } from '@orderflow/projections';
import { QUERY_CONFIG, QueryConfig } from './query.config';

/** Runs every projection's projector for as long as the app runs (standby while another replica leads). */
@Injectable()
export class ProjectorsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projectors: Projector[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
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
          logger: this.logger,
        }),
    );
    for (const projector of this.projectors) {
      this.health.register(`projector:${projector.name}`, projector);
      projector.start();
    }
  }

  /** Before the platform closes the DataSource. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.projectors.map((p) => p.stop()));
  }
}
