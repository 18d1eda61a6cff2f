import { z } from 'zod';
import { COUNTRIES, currency, fieldIssues, fieldNamed, issueText, minorUnits } from '@orderflow/contracts';
import { jsonEnv } from '@orderflow/platform';
import { Carrier } from '../domain/carrier-choice';
import { DEFAULT_CARRIERS } from '../domain/default-carriers';

export const SHIPPING_CONFIG = Symbol('SHIPPING_CONFIG');

/** One carrier: what SHIPPING_CARRIERS lists, and what PUT /admin/carriers/{carrier} records (docs/adr/0032). */
export const carrierSchema = z.object({
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
  kind: z.enum(['PARCEL', 'LOCAL_COURIER']).optional(),
  maxDistanceKm: z.number().positive('expected km > 0').max(1000, 'expected ≤ 1000 km').optional(),
  acceptWithinSeconds: z.number().int('expected whole seconds').min(1, 'expected ≥ 1').max(86_400, 'expected ≤ 86400 (a day)').optional(),
  co2GramsPerKm: z.number().min(0, 'expected ≥ 0').max(100_000, 'expected ≤ 100000').optional(),
  // A LOCAL_COURIER carrier without maxDistanceKm is configured but never chosen.
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
      const carrier = `carrier #${i + 1}${typeof name === 'string' ? ` (${name})` : ''}`;
      for (const issue of fieldIssues(parsed.error)) ctx.addIssue({ code: 'custom', message: `${carrier}: ${issueText(issue, (field) => fieldNamed(field) || 'entry')}` });
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
  /** How long an assigned courier has to accept, for carriers that do not say (docs/adr/0038). */
  COURIER_ACCEPT_TIMEOUT_MS: z.coerce.number({ error: 'expected a number of milliseconds' }).int().min(1000, 'expected ≥ 1000').default(120_000),
  /** How often lapsed courier offers are looked for. */
  COURIER_CHECK_INTERVAL_MS: z.coerce.number({ error: 'expected a number of milliseconds' }).int().min(100, 'expected ≥ 100').default(1000),
});

export type ShippingConfig = z.infer<typeof shippingEnvSchema>;
