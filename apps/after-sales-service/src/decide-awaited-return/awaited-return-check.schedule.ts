import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ScheduledTask } from '@orderflow/platform';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AwaitedReturnChecker } from './awaited-return-checker';

/** Runs the check of waiting returns every RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class AwaitedReturnCheckSchedule extends ScheduledTask {
  constructor(
    checker: AwaitedReturnChecker,
    @Inject(AFTERSALES_CONFIG) config: AfterSalesConfig,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    super(health, 'awaited-return-check', {
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
}
