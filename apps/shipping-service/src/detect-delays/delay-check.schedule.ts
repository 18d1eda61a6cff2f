import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ScheduledTask } from '@orderflow/platform';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { DelayDetector } from './delay-detector';

/** Runs the delay check every SHIPPING_DELAY_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class DelayCheckSchedule extends ScheduledTask {
  constructor(
    detector: DelayDetector,
    @Inject(SHIPPING_CONFIG) config: ShippingConfig,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    super(health, 'delay-check', {
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
}
