import { z } from 'zod';
import { CURRENCIES, PaymentMode, PriceCheck } from '@orderflow/contracts';
import { jsonEnv } from '@orderflow/platform';

export const ORDER_CONFIG = Symbol('ORDER_CONFIG');

const prepaid = (...currencies: string[]) => ({ currencies, paymentMode: 'prepaid' as const, priceCheck: 'off' as const, authorizationTimeoutMinutes: 30 });

/** The sales channels orderflow takes orders from, and the currencies each of them uses. */
const DEFAULT_CHANNELS = {
  webshop: prepaid('EUR', 'GBP', 'USD', 'CHF', 'SEK', 'PLN'),
  marketplace: prepaid('EUR', 'GBP', 'USD'),
  app: prepaid('EUR', 'GBP', 'USD'),
  phone: prepaid('EUR'),
  email: prepaid('EUR'),
  pos: prepaid('EUR', 'GBP'),
};

/** Days from confirmation to the customer's door, per destination country. */
const DEFAULT_LEAD_TIME_DAYS = { default: 7, DE: 2, AT: 3, NL: 3, BE: 3, FR: 3, DK: 3, PL: 4, IT: 4, ES: 4, GB: 5, SE: 4, CH: 4, US: 8 };

const currencies = z.array(z.string().refine((c) => CURRENCIES.has(c), 'expected ISO-4217 currency codes')).min(1);

/** A channel's settings as a whole: what ORDER_CHANNELS seeds, and what PUT /admin/channels/{channel} records (docs/adr/0032). */
export const CHANNEL_SETTINGS_FIELDS = {
  currencies,
  paymentMode: PaymentMode.default('prepaid'),
  priceCheck: PriceCheck.default('off'),
  authorizationTimeoutMinutes: z.number().positive().max(7 * 24 * 60).default(30),
};

/** A channel's settings: its currencies alone (prepaid, no price check), or all of them. */
const channelSettings = z.union([currencies.transform((list) => prepaid(...list)), z.object(CHANNEL_SETTINGS_FIELDS)]);

export const orderEnvSchema = z.object({
  ORDER_CHANNELS: jsonEnv(z.record(z.string().min(1), channelSettings), DEFAULT_CHANNELS),
  ORDER_LEAD_TIME_DAYS: jsonEnv(
    z.record(z.string(), z.number().int().min(0).max(365)).refine((m) => m.default !== undefined, 'expected a "default" entry'),
    DEFAULT_LEAD_TIME_DAYS,
  ),
  /** How often open payment authorisations are checked against their deadline. */
  ORDER_AUTHORIZATION_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
});

export type OrderConfig = z.infer<typeof orderEnvSchema>;
