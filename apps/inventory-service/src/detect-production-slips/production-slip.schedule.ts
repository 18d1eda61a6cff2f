import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ScheduledTask } from '@orderflow/platform';
import { PRODUCTION_CONFIG, ProductionConfig } from '../infrastructure/production.config';
import { ProductionSlipDetector } from './production-slip-detector';

/** Runs the slip check every PRODUCTION_SLIP_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class ProductionSlipSchedule extends ScheduledTask {
  constructor(
    detector: ProductionSlipDetector,
    @Inject(PRODUCTION_CONFIG) config: ProductionConfig,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
  ) {
    super(health, 'production-slip-check', {
      name: 'production slip check',
      everyMs: config.PRODUCTION_SLIP_CHECK_INTERVAL_MS,
      stuckAfterMs: platform.HEALTH_STUCK_AFTER_MS,
      logger: new Logger('ProductionSlipCheck'),
      pass: async () => {
        const slipped = await detector.detectSlips();
        return slipped > 0 ? `${slipped} production order(s) past their due date unmade` : undefined;
      },
    });
  }
}
