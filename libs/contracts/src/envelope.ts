import { z } from 'zod';
import { COUNTRIES, CURRENCIES } from './iso';

export const currency = z
  .string()
  .refine((c) => CURRENCIES.has(c), { message: 'expected an ISO-4217 currency code such as "EUR"' })
  .describe('ISO-4217 currency code, e.g. EUR');

export const country = z
  .string()
  .refine((c) => COUNTRIES.has(c), { message: 'expected an ISO-3166 alpha-2 country code such as "DE"' })
  .describe('ISO-3166 alpha-2 country code, e.g. DE');

/** Money is integer minor units: 1999 EUR = 19.99 euros. Never floats. */
export const minorUnits = z
  .number()
  .int('expected an integer amount in minor units')
  .min(0, 'expected ≥ 0')
  .describe('money in integer minor units of the currency (1999 EUR = 19.99 euros)');

export const quantity = z.number().int('expected a whole number').min(1, 'expected ≥ 1');

/** Fields every message on every topic carries. */
export function envelope<T extends string, V extends number, S extends z.ZodRawShape>(type: T, version: V, shape: S) {
  return z.object({
    type: z.literal(type),
    version: z.literal(version),
    messageId: z.uuid('expected a UUID'),
    occurredAt: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time' }),
    ...shape,
  });
}
