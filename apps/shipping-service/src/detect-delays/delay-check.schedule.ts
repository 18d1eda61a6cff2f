import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry } from '@orderflow/platform';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { DelayDetector } from './delay-detector';

/** Runs the delay check every SHIPPING_DELAY_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class DelayCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DelayCheck');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failingSince?: Date;
  private lastError?: string;

  constructor(
    private readonly detector: DelayDetector,
    @Inject(SHIPPING_CONFIG) private readonly config: ShippingConfig,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('delay-check', {
      health: () =>
        this.failingSince
          ? { status: 'degraded', detail: `delay check failing: ${this.lastError}`, since: this.failingSince.toISOString() }
          : { status: 'up' },
    });
    this.timer = setInterval(() => this.tick(), this.config.SHIPPING_DELAY_CHECK_INTERVAL_MS);
  }

  /** Stops the timer and lets a pass in progress finish while the database is still there. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return; // the previous pass is still going
    this.running = this.detector
      .detectDelays()
      .then((delayed) => {
        this.failingSince = undefined;
        if (delayed > 0) this.logger.log(`${delayed} shipment(s) marked delayed`);
      })
      .catch((err: unknown) => {
        this.failingSince ??= new Date();
        this.lastError = err instanceof Error ? err.message : String(err);
        this.logger.error(`delay check failed, retried at the next tick: ${this.lastError}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
