import { platformMigrations } from '@orderflow/platform';
import { afterSalesMigrations } from '../../apps/after-sales-service/src/infrastructure/migrations';
import { ingestMigrations } from '../../apps/ingest-gateway/src/infrastructure/migrations';
import { inventoryMigrations } from '../../apps/inventory-service/src/infrastructure/migrations';
import { orderMigrations } from '../../apps/order-service/src/infrastructure/migrations';
import { queryMigrations } from '../../apps/query-service/src/infrastructure/migrations';
import { shippingMigrations } from '../../apps/shipping-service/src/infrastructure/migrations';

/**
 * Every migration of the system: the shared event store, checkpoints and inbox, then each
 * service's own tables. One database here; each service only touches its own tables.
 */
export const allMigrations = [
  ...platformMigrations,
  ...orderMigrations,
  ...inventoryMigrations,
  ...shippingMigrations,
  ...afterSalesMigrations,
  ...queryMigrations,
  ...ingestMigrations,
];
