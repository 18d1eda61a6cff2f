import { z } from 'zod';
import { CURRENCIES, PaymentMode } from '@orderflow/contracts';
import { jsonEnv } from '@orderflow/platform';

export const ORDER_CONFIG = Symbol('ORDER_CONFIG');

/** The sales channels orderflow takes orders from, and the currencies each of them uses. */
const DEFAULT_CHANNELS = {
  webshop: ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'PLN'],
  marketplace: ['EUR', 'GBP', 'USD'],
  app: ['EUR', 'GBP', 'USD'],
  phone: ['EUR'],
  email: ['EUR'],
  pos: ['EUR', 'GBP'],
};

/** Days from confirmation to the customer's door, per destination country. */
const DEFAULT_LEAD_TIME_DAYS = { default: 7, DE: 2, AT: 3, NL: 3, BE: 3, FR: 3, DK: 3, PL: 4, IT: 4, ES: 4, GB: 5, SE: 4, CH: 4, US: 8 };

const currencies = z.array(z.string().refine((c) => CURRENCIES.has(c), 'expected ISO-4217 currency codes')).min(1);

/** A channel's settings: its currencies alone (prepaid, no price check), or all of them. */
const channelSettings = z.union([
  currencies.transform((list) => ({ currencies: list, paymentMode: 'prepaid' as const, priceCheck: 'off' as const, authorizationTimeoutMinutes: 30 })),
  z.object({
    currencies,
    paymentMode: PaymentMode.default('prepaid'),
    priceCheck: z.enum(['reject', 'flag', 'off']).default('off'),
    authorizationTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
  }),
]);

export const orderEnvSchema = z.object({
  ORDER_CHANNELS: jsonEnv(z.record(z.string().min(1), channelSettings), DEFAULT_CHANNELS),
  ORDER_LEAD_TIME_DAYS: jsonEnv(
    z.record(z.string(), z.number().int().min(0).max(365)).refine((m) => m.default !== undefined, 'expected a "default" entry'),
    DEFAULT_LEAD_TIME_DAYS,
  ),
});

export type OrderConfig = z.infer<typeof orderEnvSchema>;
