import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { DelayDetector } from './delay-detector';

/** Runs the delay check every SHIPPING_DELAY_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class DelayCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DelayCheck');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly detector: DelayDetector,
    @Inject(SHIPPING_CONFIG) private readonly config: ShippingConfig,
  ) {}

  onApplicationBootstrap(): void {
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
        if (delayed > 0) this.logger.log(`${delayed} shipment(s) marked delayed`);
      })
      .catch((err: unknown) => this.logger.error(`delay check failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
