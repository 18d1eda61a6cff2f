import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry, PeriodicTask, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { DelayDetector } from './delay-detector';

/** Runs the delay check every SHIPPING_DELAY_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class DelayCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    detector: DelayDetector,
    @Inject(SHIPPING_CONFIG) config: ShippingConfig,
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    this.task = new PeriodicTask({
      name: 'delay check',
      everyMs: config.SHIPPING_DELAY_CHECK_INTERVAL_MS,
      stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('DelayCheck'),
      pass: async () => {
        const delayed = await detector.detectDelays();
        return delayed > 0 ? `${delayed} shipment(s) marked delayed` : undefined;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.health.register('delay-check', this.task);
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
