import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@orderflow/event-store';
import { ComponentHealth } from '@orderflow/messaging';
import { pruneOlderThan, RememberedTable } from '../application/retention';
import { PlatformConfig } from '../config';
import { HealthRegistry } from './health-registry';
import { ServiceDescriptor } from './service-descriptor';
import { CLOCK, PLATFORM_CONFIG, SERVICE } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sweeps the service's remembered tables (its inbox, the gateway's ledger) on a timer. */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private lastSweep?: { at: Date; error?: string };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly health: HealthRegistry,
  ) {}

  /** The tables this service remembers: its inbox when it consumes, and whatever it declares. */
  get tables(): RememberedTable[] {
    return [...(this.service.consumes?.length ? [{ table: 'inbox', column: 'processed_at' }] : []), ...(this.service.remembers ?? [])];
  }

  onApplicationBootstrap(): void {
    if (this.tables.length === 0) return;
    this.health.register('retention', { health: () => this.report() });
    this.timer = setInterval(() => void this.sweep(), this.config.RETENTION_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** One sweep of every remembered table; a failure is reported and retried at the next tick. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      const cutoff = new Date(this.clock().getTime() - this.config.IDEMPOTENCY_RETENTION_DAYS * DAY_MS);
      try {
        for (const table of this.tables) {
          const removed = await pruneOlderThan(this.dataSource, table, cutoff);
          if (removed > 0) this.logger.log(`${table.table}: ${removed} rows older than ${cutoff.toISOString()} removed`);
        }
        this.lastSweep = { at: this.clock() };
      } catch (err) {
        this.lastSweep = { at: this.clock(), error: (err as Error).message };
        this.logger.warn(`sweep failed, retried at the next tick: ${(err as Error).message}`);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  private report(): ComponentHealth {
    if (this.lastSweep?.error) return { status: 'degraded', detail: `last sweep failed: ${this.lastSweep.error}`, since: this.lastSweep.at.toISOString() };
    return { status: 'up', detail: this.lastSweep ? `last sweep ${this.lastSweep.at.toISOString()}` : 'no sweep yet' };
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }
}
