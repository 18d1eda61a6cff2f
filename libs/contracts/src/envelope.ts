import { z } from 'zod';
import { BOUNDS } from './bounds';
import { COUNTRIES, CURRENCIES } from './iso';

/*
 * Building blocks of the inbound contracts: what a producer may send. Every number has a bound
 * (./bounds.ts); the stored events' schemas (./events/common.ts) describe history and take any
 * safe integer, so events stored before a bound existed still replay.
 */

export const currency = z
  .string()
  .refine((c) => CURRENCIES.has(c), { message: 'expected an ISO-4217 currency code such as "EUR"' })
  .describe('ISO-4217 currency code, e.g. EUR');

/**
 * A point on the earth (WGS 84 degrees). Warehouses and couriers carry their own; a shipping
 * address may carry one, which the edge coarsens to one decimal (docs/adr/0037) before it is kept.
 */
export const geoLocation = z
  .object({
    lat: z.number().min(-90, 'expected a latitude ≥ -90').max(90, 'expected a latitude ≤ 90'),
    lon: z.number().min(-180, 'expected a longitude ≥ -180').max(180, 'expected a longitude ≤ 180'),
  })
  .strict()
  .describe('WGS 84 latitude and longitude in degrees');

export const country = z
  .string()
  .refine((c) => COUNTRIES.has(c), { message: 'expected an ISO-3166 alpha-2 country code such as "DE"' })
  .describe('ISO-3166 alpha-2 country code, e.g. DE');

/** Money is integer minor units: 1999 EUR = 19.99 euros. Never floats. */
export const minorUnits = z
  .number()
  .int('expected an integer amount in minor units')
  .min(0, 'expected ≥ 0')
  .max(BOUNDS.maxAmountMinor, `expected ≤ ${BOUNDS.maxAmountMinor}`)
  .describe('money in integer minor units of the currency (1999 EUR = 19.99 euros)');

export const quantity = z
  .number()
  .int('expected a whole number')
  .min(1, 'expected ≥ 1')
  .max(BOUNDS.maxQuantity, `expected ≤ ${BOUNDS.maxQuantity}`);

/** A change of stock in either direction, never zero. */
export const quantityDelta = z
  .number()
  .int('expected a whole number')
  .min(-BOUNDS.maxQuantityDelta, `expected ≥ -${BOUNDS.maxQuantityDelta}`)
  .max(BOUNDS.maxQuantityDelta, `expected ≤ ${BOUNDS.maxQuantityDelta}`)
  .refine((n) => n !== 0, 'expected a non-zero change');

export const weightGrams = z
  .number()
  .int('expected whole grams')
  .min(1, 'expected ≥ 1')
  .max(BOUNDS.maxWeightGrams, `expected ≤ ${BOUNDS.maxWeightGrams}`);

const EARLIEST_MS = Date.parse(`${BOUNDS.earliestDate}T00:00:00Z`);
const LATEST_MS = Date.parse(`${BOUNDS.latestDate}T23:59:59.999Z`);
const UTC_OFFSET = /([+-])(\d{2}):(\d{2})$/;

/** Within the calendar PostgreSQL stores, and with an offset a place on earth uses. */
function storableInstant(value: string): boolean {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return true; // not ISO-8601 at all: the format check says so
  const offset = UTC_OFFSET.exec(value);
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > BOUNDS.maxUtcOffsetMinutes) return false;
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}

export const dateTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO-8601 date-time' })
  .refine(storableInstant, {
    message: `expected an instant from ${BOUNDS.earliestDate} to ${BOUNDS.latestDate} (UTC) with a UTC offset within ±14:00`,
  });

export const calendarDate = z.iso
  .date('expected YYYY-MM-DD')
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || (d >= BOUNDS.earliestDate && d <= BOUNDS.latestDate), {
    message: `expected a date from ${BOUNDS.earliestDate} to ${BOUNDS.latestDate}`,
  });

/** Fields every message on every topic carries. */
export function envelope<T extends string, V extends number, S extends z.ZodRawShape>(type: T, version: V, shape: S) {
  return z.object({
    type: z.literal(type),
    version: z.literal(version),
    messageId: z.uuid('expected a UUID'),
    occurredAt: dateTime,
    ...shape,
  });
}
