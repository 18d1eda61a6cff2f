import { z } from 'zod';
import { replenishmentEnvSchema } from '@orderflow/forecasting';
import { auditKeyEnvSchema } from '@orderflow/platform';

export const QUERY_CONFIG = Symbol('QUERY_CONFIG');

/** Settings of the query service besides the platform's (DATABASE_URL, ...). */
export const queryEnvSchema = z.object({
  /** Events per projector transaction. */
  QUERY_PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** How long a caught-up projector waits before polling the store again. */
  QUERY_PROJECTOR_IDLE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  /** How long a request with minPosition may wait for its projection before answering 409. */
  QUERY_MIN_POSITION_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** How many requests may wait for a minPosition at once in this process; more are answered 503 with Retry-After. */
  QUERY_MIN_POSITION_MAX_WAITERS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** The longest report window (from → to) a request may ask for; a longer one is a 400 naming "from". */
  QUERY_REPORT_MAX_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
  /** How many clients may follow GET /live at once in this process; more are answered 503 with Retry-After. */
  QUERY_LIVE_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** How often the stream heads are sealed, when the seals' key is set (docs/adr/0019); 0: never. */
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
})
  .extend(auditKeyEnvSchema.shape)
  // The replenishment report's policy (docs/adr/0036), shared with the inventory service's low-stock alerts.
  .extend(replenishmentEnvSchema.shape);

export type QueryConfig = z.infer<typeof queryEnvSchema>;
