import { z } from 'zod';

export const PRODUCTION_CONFIG = Symbol('PRODUCTION_CONFIG');

/** Made-to-order production (docs/adr/0039). */
export const productionEnvSchema = z.object({
  /** How often production orders are checked against their due date. */
  PRODUCTION_SLIP_CHECK_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected whole milliseconds')
    .min(100, 'expected ≥ 100')
    .max(86_400_000, 'expected ≤ 86400000 (a day)')
    .default(60_000),
});

export type ProductionConfig = z.infer<typeof productionEnvSchema>;
