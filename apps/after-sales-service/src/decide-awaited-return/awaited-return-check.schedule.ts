import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry, PeriodicTask, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AwaitedReturnChecker } from './awaited-return-checker';

/** Runs the check of waiting returns every RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class AwaitedReturnCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    checker: AwaitedReturnChecker,
    @Inject(AFTERSALES_CONFIG) config: AfterSalesConfig,
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    this.task = new PeriodicTask({
      name: 'check of waiting returns',
      everyMs: config.RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS,
      stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('AwaitedReturnCheck'),
      pass: async () => {
        const decided = await checker.check();
        return decided > 0 ? `${decided} waiting return(s) decided after their wait ran out` : undefined;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.health.register('awaited-return-check', this.task);
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
