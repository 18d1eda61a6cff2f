import { ReferenceDataRoute, referenceDataHttpController } from '@orderflow/platform';
import { CarrierBody, CarrierName, CARRIERS } from '../infrastructure/reference-data';

/**
 * The shipping service's admin API (docs/adr/0032), documented by ../docs/openapi.ts. Carriers are
 * compared by cost, so all of them price in one currency, and a tracking number names its carrier
 * by its prefix, so no two carriers share one: a carrier that breaks either is refused (422).
 */
export const CARRIER_ROUTE: ReferenceDataRoute<typeof CarrierBody> = {
  data: CARRIERS,
  path: 'admin/carriers',
  listName: 'carriers',
  key: CarrierName,
  param: 'carrier',
  body: CarrierBody,
  refusal: async (tx, name, carrier) => {
    const others = (await CARRIERS.all(tx)).filter((c) => c.key !== name);
    const sharing = others.find((c) => c.entity.trackingPrefix === carrier.trackingPrefix);
    if (sharing) return { field: 'trackingPrefix', message: `carrier "${sharing.key}" has the tracking prefix "${carrier.trackingPrefix}" already` };
    const pricing = others.find((c) => c.entity.currency !== carrier.currency);
    if (pricing) return { field: 'currency', message: `expected ${pricing.entity.currency}, the currency every carrier prices in (carrier "${pricing.key}"), got "${carrier.currency}"` };
    return undefined;
  },
};

export const CarriersHttpController = referenceDataHttpController(CARRIER_ROUTE);
