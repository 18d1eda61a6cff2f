import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry, PeriodicTask, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { CourierOfferCheck } from './courier-offer-check';

/** Runs the courier check every COURIER_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class CourierCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    check: CourierOfferCheck,
    @Inject(SHIPPING_CONFIG) config: ShippingConfig,
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    this.task = new PeriodicTask({
      name: 'courier check',
      everyMs: config.COURIER_CHECK_INTERVAL_MS,
      stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('CourierCheck'),
      pass: async () => {
        const { lapsed, offered } = await check.check();
        return lapsed + offered > 0 ? `${lapsed} courier offer(s) lapsed, ${offered} waiting shipment(s) offered` : undefined;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.health.register('courier-check', this.task);
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
