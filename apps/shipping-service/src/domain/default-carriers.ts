import { Carrier } from './carrier-choice';

const EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

/**
 * The carriers booked unless SHIPPING_CARRIERS lists others: fast and dear, standard within the EU,
 * and slow but cheapest per kilogram for heavy goods. Their CO₂ factors (grams per km a parcel
 * travels, for the delivery emissions report) are illustrative: air above road, a shared parcel
 * network below a freight truck.
 */
export const DEFAULT_CARRIERS: Carrier[] = [
  {
    name: 'SwiftAir',
    serviceLevel: 'EXPRESS',
    transitDays: 1,
    maxWeightGrams: 30_000,
    countries: '*',
    baseCostMinor: 1500,
    costPerKgMinor: 300,
    currency: 'EUR',
    trackingPrefix: 'SWA',
    co2GramsPerKm: 60,
  },
  {
    name: 'ParcelNet',
    serviceLevel: 'STANDARD',
    transitDays: 3,
    maxWeightGrams: 31_500,
    countries: EU,
    baseCostMinor: 490,
    costPerKgMinor: 60,
    currency: 'EUR',
    trackingPrefix: 'PN',
    co2GramsPerKm: 15,
  },
  {
    name: 'FreightLine',
    serviceLevel: 'ECONOMY',
    transitDays: 5,
    maxWeightGrams: 1_000_000,
    countries: '*',
    baseCostMinor: 2500,
    costPerKgMinor: 20,
    currency: 'EUR',
    trackingPrefix: 'FL',
    co2GramsPerKm: 25,
  },
];

/**
 * A same-day local courier (docs/adr/0038), not booked unless configured: the demo configures it
 * (scripts/run.js), and the specs of courier dispatch use it.
 */
export const CITY_COURIER: Carrier = {
  name: 'CityCourier',
  serviceLevel: 'SAME_DAY',
  transitDays: 0,
  maxWeightGrams: 20_000,
  countries: ['DE'],
  baseCostMinor: 390,
  costPerKgMinor: 10,
  currency: 'EUR',
  trackingPrefix: 'CC',
  kind: 'LOCAL_COURIER',
  maxDistanceKm: 25,
  acceptWithinSeconds: 5,
  co2GramsPerKm: 0,
};
