import { z } from 'zod';
import { jsonEnv } from '@orderflow/platform';

export const AFTERSALES_CONFIG = Symbol('AFTERSALES_CONFIG');

/** Hours to resolve a complaint, per category: failed deliveries, and goods that left a cancelled order, are chased within a day. */
const DEFAULT_COMPLAINT_SLA_HOURS = { default: 72, DELIVERY_FAILED: 24, RETURNED_TO_SENDER: 24, SHIPPED_AFTER_CANCELLATION: 24 };

export const afterSalesEnvSchema = z.object({
  /** Days after an SKU's delivery within which a return is authorised. */
  RETURN_WINDOW_DAYS: z.coerce.number().int('expected whole days').min(0, 'expected ≥ 0').max(3650).default(30),
  COMPLAINT_SLA_HOURS: jsonEnv(
    z
      .record(z.string().min(1), z.number().int('expected whole hours').min(1, 'expected ≥ 1').max(8760))
      .refine((m) => m.default !== undefined, 'expected a "default" entry')
      .transform((m) => m as Record<string, number> & { default: number }),
    DEFAULT_COMPLAINT_SLA_HOURS,
  ),
  /** Days from receiving an exchanged return to the replacement's promised delivery. */
  EXCHANGE_LEAD_TIME_DAYS: z.coerce.number().int('expected whole days').min(0, 'expected ≥ 0').max(365).default(5),
  /**
   * Hours a return request naming goods after-sales has not seen delivered (the delivery event may
   * still be on its way) waits for that delivery before it is rejected; 0 rejects at once.
   */
  RETURN_DELIVERY_WAIT_HOURS: z.coerce.number().int('expected whole hours').min(0, 'expected ≥ 0').max(8760, 'expected ≤ 8760 (a year)').default(72),
  /** How often waiting return requests whose wait ran out are looked for. */
  RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected whole milliseconds')
    .min(1000, 'expected ≥ 1000')
    .max(86_400_000, 'expected ≤ 86400000 (a day)')
    .default(60_000),
});

export type AfterSalesConfig = z.infer<typeof afterSalesEnvSchema>;
