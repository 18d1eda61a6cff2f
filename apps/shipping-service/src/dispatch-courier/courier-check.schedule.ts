import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ScheduledTask } from '@orderflow/platform';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';
import { CourierOfferCheck } from './courier-offer-check';

/** Runs the courier check every COURIER_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class CourierCheckSchedule extends ScheduledTask {
  constructor(
    check: CourierOfferCheck,
    @Inject(SHIPPING_CONFIG) config: ShippingConfig,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    super(health, 'courier-check', {
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
}
