import { z } from 'zod';
import { StreamIds } from '@orderflow/contracts';
import { ReferenceData } from '@orderflow/platform';
import { Carrier } from '../domain/carrier-choice';
import { carrierSchema } from './shipping.config';

/**
 * The shipping service's reference data (docs/adr/0032): its carriers, each the entity of its own
 * stream, whose latest state the `shipping_carriers` view holds for bookings.
 */

/** A carrier's name as carrier keys are scoped to it (`keys create --carrier`). */
export const CarrierName = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected 1 to 64 letters, digits, ".", "_", ":" or "-"')
  .describe('The carrier, e.g. ParcelNet');

/** A carrier's fields but its name, which the path gives. */
export const CarrierBody = z.strictObject(carrierSchema.omit({ name: true }).shape);
export type CarrierEntity = z.output<typeof CarrierBody>;

export const CARRIERS = new ReferenceData<CarrierEntity>({
  noun: 'carrier',
  streamId: StreamIds.carrier,
  eventType: 'CarrierConfigured',
  keyField: 'name',
  timeField: 'configuredAt',
  viewTable: 'shipping_carriers',
});

export const carrierOf = (name: string, entity: CarrierEntity): Carrier => ({ name, ...entity });
