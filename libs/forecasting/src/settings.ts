import { z } from 'zod';

/**
 * The replenishment policy both the report (query service) and the low-stock alerts (inventory
 * service) use, from the same environment variables, so the two agree on what is low.
 */
export const replenishmentEnvSchema = z.object({
  /** Days from ordering stock to having it on the shelf, for every SKU and warehouse. */
  REPLENISHMENT_LEAD_TIME_DAYS: z.coerce.number({ error: 'expected a number of days' }).int('expected whole days').min(1, 'expected ≥ 1').max(365, 'expected ≤ 365').default(7),
  /** The chance of not running out within a lead time that safety stock is sized for. */
  REPLENISHMENT_SERVICE_LEVEL: z.coerce.number({ error: 'expected a probability such as 0.95' }).min(0.5, 'expected ≥ 0.5').max(0.9999, 'expected ≤ 0.9999').default(0.95),
  /** Days between two chances to order: a suggested order covers them too. */
  REPLENISHMENT_REVIEW_DAYS: z.coerce.number({ error: 'expected a number of days' }).int('expected whole days').min(0, 'expected ≥ 0').max(365, 'expected ≤ 365').default(7),
  /** Completed days of demand a forecast is fitted to (12 weeks by default). */
  REPLENISHMENT_HISTORY_DAYS: z.coerce.number({ error: 'expected a number of days' }).int('expected whole days').min(7, 'expected ≥ 7').max(730, 'expected ≤ 730').default(84),
});

export type ReplenishmentSettings = z.infer<typeof replenishmentEnvSchema>;
