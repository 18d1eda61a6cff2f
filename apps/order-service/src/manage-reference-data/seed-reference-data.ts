import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ORDER_CONFIG, OrderConfig } from '../infrastructure/order.config';
import { CHANNELS, LEAD_TIMES } from '../infrastructure/reference-data';

/**
 * The first run's reference data (docs/adr/0032): ORDER_CHANNELS and ORDER_LEAD_TIME_DAYS become
 * the first events of their streams when none exist yet, and are ignored from then on (the admin
 * API manages them). Runs before the consumer starts, so no order is decided without channels.
 */
@Injectable()
export class SeedReferenceData implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReferenceData');

  constructor(
    @Inject(ORDER_CONFIG) private readonly config: Pick<OrderConfig, 'ORDER_CHANNELS' | 'ORDER_LEAD_TIME_DAYS'>,
    private readonly units: UnitOfWorkFactory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const channels = await CHANNELS.seed(this.units, Object.entries(this.config.ORDER_CHANNELS), 'env:ORDER_CHANNELS');
    const leadTimes = Object.entries(this.config.ORDER_LEAD_TIME_DAYS).map(([country, days]) => [country, { days }] as const);
    const countries = await LEAD_TIMES.seed(this.units, leadTimes, 'env:ORDER_LEAD_TIME_DAYS');
    if (channels + countries > 0) {
      this.logger.log(
        `first run: recorded ${channels} channel(s) from ORDER_CHANNELS and ${countries} lead time(s) from ORDER_LEAD_TIME_DAYS; ` +
          'from now on they are managed with PUT /admin/channels and /admin/lead-times, and the variables are ignored',
      );
    }
  }
}
