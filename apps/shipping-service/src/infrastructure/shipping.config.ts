import { z } from 'zod';
import { COUNTRIES, currency, minorUnits } from '@orderflow/contracts';
import { jsonEnv } from '@orderflow/platform';
import { Carrier } from '../domain/carrier-choice';

export const SHIPPING_CONFIG = Symbol('SHIPPING_CONFIG');

const EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

/** Fast and dear, standard within the EU, and slow but cheapest per kilogram for heavy goods. */
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
  },
];

const carrierSchema = z.object({
  name: z.string().min(1, 'expected a name'),
  serviceLevel: z.string().min(1, 'expected a service level such as "STANDARD"'),
  transitDays: z.number().int('expected whole days').min(0, 'expected ≥ 0').max(365, 'expected ≤ 365'),
  maxWeightGrams: z.number().int('expected whole grams').min(1, 'expected ≥ 1'),
  countries: z.union([
    z.literal('*'),
    z.array(z.string().refine((c) => COUNTRIES.has(c), 'expected ISO-3166 alpha-2 country codes such as "DE"')).min(1),
  ], { error: 'expected "*" or a list of ISO-3166 alpha-2 country codes' }),
  baseCostMinor: minorUnits,
  costPerKgMinor: minorUnits,
  currency,
  trackingPrefix: z.string().regex(/^[A-Z]{1,6}$/, 'expected 1-6 capital letters'),
}) satisfies z.ZodType<Carrier>;

/**
 * The carriers, each validated on its own so an error names the carrier and the field. Names and
 * tracking prefixes are unique, and all carriers price in one currency (costs are compared).
 */
const carriersSchema = z
  .array(z.unknown(), { error: 'expected a JSON list of carriers' })
  .min(1, 'expected at least one carrier')
  .transform((list, ctx): Carrier[] => {
    const carriers: Carrier[] = [];
    list.forEach((raw, i) => {
      const parsed = carrierSchema.safeParse(raw);
      if (parsed.success) {
        carriers.push(parsed.data);
        return;
      }
      const name = (raw as { name?: unknown } | null)?.name;
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? `field "${issue.path.join('.')}"` : 'entry';
        ctx.addIssue({ code: 'custom', message: `carrier #${i + 1}${typeof name === 'string' ? ` (${name})` : ''}: ${field}: ${issue.message}` });
      }
    });
    if (carriers.length < list.length) return z.NEVER;
    for (const [key, label] of [['name', 'names'], ['trackingPrefix', 'tracking prefixes']] as const) {
      const values = carriers.map((c) => c[key]);
      const repeated = values.find((v, i) => values.indexOf(v) !== i);
      if (repeated !== undefined) ctx.addIssue({ code: 'custom', message: `expected unique carrier ${label}, "${repeated}" appears twice` });
    }
    const currencies = [...new Set(carriers.map((c) => c.currency))];
    if (currencies.length > 1) {
      ctx.addIssue({ code: 'custom', message: `expected every carrier to price in one currency, got ${currencies.join(', ')}` });
    }
    return carriers;
  });

export const shippingEnvSchema = z.object({
  SHIPPING_CARRIERS: jsonEnv(carriersSchema, DEFAULT_CARRIERS),
  SHIPPING_DELAY_CHECK_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected whole milliseconds')
    .min(1000, 'expected ≥ 1000')
    .max(86_400_000, 'expected ≤ 86400000 (a day)')
    .default(60_000),
});

export type ShippingConfig = z.infer<typeof shippingEnvSchema>;
