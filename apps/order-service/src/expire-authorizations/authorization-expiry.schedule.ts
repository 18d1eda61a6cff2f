import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ScheduledTask } from '@orderflow/platform';
import { ORDER_CONFIG, OrderConfig } from '../infrastructure/order.config';
import { AuthorizationExpiry } from './authorization-expiry';

/** Runs the authorisation expiry every ORDER_AUTHORIZATION_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class AuthorizationExpirySchedule extends ScheduledTask {
  constructor(
    expiry: AuthorizationExpiry,
    @Inject(ORDER_CONFIG) config: OrderConfig,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    super(health, 'authorization-expiry', {
      name: 'authorisation expiry',
      everyMs: config.ORDER_AUTHORIZATION_CHECK_INTERVAL_MS,
      stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('AuthorizationExpiry'),
      pass: async () => {
        const cancelled = await expiry.expire();
        return cancelled > 0 ? `${cancelled} order(s) cancelled: payment not authorised in time` : undefined;
      },
    });
  }
}
