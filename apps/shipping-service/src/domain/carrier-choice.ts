import { addDays, DomainError } from '@orderflow/decider';

/** A carrier the shipping service may book, with its service level, reach and tariff. */
export interface Carrier {
  name: string;
  serviceLevel: string;
  /** Calendar days from booking to the customer's door. */
  transitDays: number;
  maxWeightGrams: number;
  /** ISO country codes served, or '*' for everywhere. */
  countries: readonly string[] | '*';
  baseCostMinor: number;
  /** Charged per started kilogram. */
  costPerKgMinor: number;
  currency: string;
  trackingPrefix: string;
  /** LOCAL_COURIER: same-day couriers, dispatched one by one (docs/adr/0038); PARCEL when absent. */
  kind?: 'PARCEL' | 'LOCAL_COURIER';
  /** A local courier carrier takes only shipments at most this far from their warehouse. */
  maxDistanceKm?: number;
  /** How long an assigned courier has to accept; the service's default when absent. */
  acceptWithinSeconds?: number;
  /** Grams of CO₂ per km, for the delivery emissions report. */
  co2GramsPerKm?: number;
}

export interface Parcel {
  country: string;
  weightGrams: number;
  /** From the warehouse to the address, when allocation could measure it. */
  distanceKm?: number;
}

export const isLocalCourier = (carrier: Pick<Carrier, 'kind'>): boolean => carrier.kind === 'LOCAL_COURIER';

export interface CarrierChoice {
  carrier: Carrier;
  costMinor: number;
  estimatedDeliveryDate: string;
  /** The rule applied, as a short sentence for the people who read the booking. */
  rule: string;
}

/** What a carrier charges for a parcel: its base price plus its price per started kilogram. */
export const shippingCost = (carrier: Carrier, weightGrams: number): number =>
  carrier.baseCostMinor + carrier.costPerKgMinor * Math.ceil(weightGrams / 1000);

/** A local courier only within its distance of a shipment allocation could measure (docs/adr/0038). */
const withinReach = (carrier: Carrier, parcel: Parcel): boolean =>
  !isLocalCourier(carrier) || (parcel.distanceKm !== undefined && parcel.distanceKm <= (carrier.maxDistanceKm ?? 0));

const serves = (carrier: Carrier, parcel: Parcel): boolean =>
  (carrier.countries === '*' || carrier.countries.includes(parcel.country)) && parcel.weightGrams <= carrier.maxWeightGrams && withinReach(carrier, parcel);

/**
 * Among the carriers that serve the destination and take the weight: the cheapest that arrives
 * by the promised date (ties: the faster, then by name); when none can, the fastest (ties: the
 * cheaper, then by name). Dates are calendar days.
 */
export function chooseCarrier(carriers: readonly Carrier[], parcel: Parcel, bookingDate: string, promisedBy: string): CarrierChoice {
  const options = carriers
    .filter((c) => serves(c, parcel))
    .map((carrier) => ({
      carrier,
      costMinor: shippingCost(carrier, parcel.weightGrams),
      estimatedDeliveryDate: addDays(bookingDate, carrier.transitDays),
    }));
  if (options.length === 0) {
    throw new DomainError('no-eligible-carrier', `no configured carrier delivers a ${parcel.weightGrams} g parcel to ${parcel.country}`);
  }
  const byName = (a: (typeof options)[number], b: (typeof options)[number]) => a.carrier.name.localeCompare(b.carrier.name);
  const onTime = options.filter((o) => o.estimatedDeliveryDate <= promisedBy);
  if (onTime.length > 0) {
    const [cheapest] = onTime.sort((a, b) => a.costMinor - b.costMinor || a.carrier.transitDays - b.carrier.transitDays || byName(a, b));
    return { ...cheapest, rule: `cheapest carrier arriving by the promised date ${promisedBy}` };
  }
  const [fastest] = options.sort((a, b) => a.carrier.transitDays - b.carrier.transitDays || a.costMinor - b.costMinor || byName(a, b));
  return { ...fastest, rule: `fastest carrier, as none arrives by the promised date ${promisedBy}` };
}
