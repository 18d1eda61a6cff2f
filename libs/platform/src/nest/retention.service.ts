import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@orderflow/event-store';
import { PeriodicTask } from '../application/periodic-task';
import { pruneOlderThan, RememberedTable } from '../application/retention';
import { PlatformConfig } from '../config';
import { HealthRegistry } from './health-registry';
import { ServiceDescriptor } from './service-descriptor';
import { CLOCK, PLATFORM_CONFIG, SERVICE } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sweeps the service's remembered tables (its inbox, the gateway's ledger) on a timer. */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly health: HealthRegistry,
  ) {
    this.task = new PeriodicTask({
      name: 'retention sweep',
      everyMs: config.RETENTION_SWEEP_INTERVAL_MS,
      stuckAfterMs: config.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('Retention'),
      pass: () => this.sweepOnce(),
    });
  }

  /** The tables this service remembers: its inbox when it consumes, and whatever it declares. */
  get tables(): RememberedTable[] {
    return [...(this.service.consumes?.length ? [{ table: 'inbox', column: 'processed_at' }] : []), ...(this.service.remembers ?? [])];
  }

  onApplicationBootstrap(): void {
    if (this.tables.length === 0) return;
    this.health.register('retention', this.task);
    this.task.start();
  }

  /** One sweep of every remembered table now. */
  sweep(): Promise<void> {
    return this.task.runOnce();
  }

  private async sweepOnce(): Promise<string | void> {
    const cutoff = new Date(this.clock().getTime() - this.config.IDEMPOTENCY_RETENTION_DAYS * DAY_MS);
    const removed: string[] = [];
    for (const table of this.tables) {
      const n = await pruneOlderThan(this.dataSource, table, cutoff);
      if (n > 0) removed.push(`${table.table}: ${n}`);
    }
    if (removed.length > 0) return `rows older than ${cutoff.toISOString()} removed (${removed.join(', ')})`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
