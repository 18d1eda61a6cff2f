import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry, PeriodicTask, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { ORDER_CONFIG, OrderConfig } from '../infrastructure/order.config';
import { AuthorizationExpiry } from './authorization-expiry';

/** Runs the authorisation expiry every ORDER_AUTHORIZATION_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class AuthorizationExpirySchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    expiry: AuthorizationExpiry,
    @Inject(ORDER_CONFIG) config: OrderConfig,
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    this.task = new PeriodicTask({
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

  onApplicationBootstrap(): void {
    this.health.register('authorization-expiry', this.task);
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
