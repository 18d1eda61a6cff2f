import { z } from 'zod';
import { replenishmentEnvSchema } from '@orderflow/forecasting';

export const STOCK_COVER_CONFIG = Symbol('STOCK_COVER_CONFIG');

/**
 * The stock cover watch's settings (docs/adr/0036): the replenishment policy, from the same
 * variables as the query service's replenishment report, so alert and report agree on what is low.
 */
export const stockCoverEnvSchema = replenishmentEnvSchema.extend({
  /** Stock events older than this when the watch reads them (it is catching up on history) fold into its views but raise no alert. */
  STOCK_ALERT_MAX_AGE_HOURS: z.coerce.number({ error: 'expected a number of hours' }).int('expected whole hours').min(1, 'expected ≥ 1').max(8760, 'expected ≤ 8760 (a year)').default(24),
  /** Stock events per transaction of the watch. */
  STOCK_COVER_WATCH_BATCH_SIZE: z.coerce.number({ error: 'expected a number of events' }).int('expected a whole number').min(1, 'expected ≥ 1').max(5000, 'expected ≤ 5000').default(500),
});

export type StockCoverConfig = z.infer<typeof stockCoverEnvSchema>;
