import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { CARRIERS } from '../infrastructure/reference-data';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';

/**
 * The first run's carriers (docs/adr/0032): SHIPPING_CARRIERS become the first events of their
 * streams when no carrier exists yet, and are ignored from then on (the admin API manages them).
 * Runs before the consumer starts, so no parcel is booked without carriers.
 */
@Injectable()
export class SeedCarriers implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReferenceData');

  constructor(
    @Inject(SHIPPING_CONFIG) private readonly config: Pick<ShippingConfig, 'SHIPPING_CARRIERS'>,
    private readonly units: UnitOfWorkFactory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const carriers = this.config.SHIPPING_CARRIERS.map(
      ({ name, countries, ...carrier }) => [name, { ...carrier, countries: countries === '*' ? countries : [...countries] }] as const,
    );
    const recorded = await CARRIERS.seed(this.units, carriers, 'env:SHIPPING_CARRIERS');
    if (recorded > 0) {
      this.logger.log(`first run: recorded ${recorded} carrier(s) from SHIPPING_CARRIERS; from now on they are managed with PUT /admin/carriers, and the variable is ignored`);
    }
  }
}
