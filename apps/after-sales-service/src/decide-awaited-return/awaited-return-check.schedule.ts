import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry } from '@orderflow/platform';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AwaitedReturnChecker } from './awaited-return-checker';

/** Runs the check of waiting returns every RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS, one pass at a time, until shutdown. */
@Injectable()
export class AwaitedReturnCheckSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AwaitedReturnCheck');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failingSince?: Date;
  private lastError?: string;

  constructor(
    private readonly checker: AwaitedReturnChecker,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('awaited-return-check', {
      health: () =>
        this.failingSince
          ? { status: 'degraded', detail: `check of waiting returns failing: ${this.lastError}`, since: this.failingSince.toISOString() }
          : { status: 'up' },
    });
    this.timer = setInterval(() => this.tick(), this.config.RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS);
  }

  /** Stops the timer and lets a pass in progress finish while the database is still there. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return; // the previous pass is still going
    this.running = this.checker
      .check()
      .then((decided) => {
        this.failingSince = undefined;
        if (decided > 0) this.logger.log(`${decided} waiting return(s) decided after their wait ran out`);
      })
      .catch((err: unknown) => {
        this.failingSince ??= new Date();
        this.lastError = err instanceof Error ? err.message : String(err);
        this.logger.error(`check of waiting returns failed, retried at the next tick: ${this.lastError}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
