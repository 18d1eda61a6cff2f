import { inventoryProjection } from './inventory/inventory.projection';
import { ordersProjection } from './orders/orders.projection';
import { paymentsProjection } from './payments/payments.projection';
import { Projection, ProjectionName } from './projection';
import { reportsProjection } from './reports/reports.projection';

/** Every projection the query service keeps, each with its own checkpoint and rebuild. */
export const PROJECTIONS: Record<ProjectionName, Projection> = {
  orders: ordersProjection as Projection,
  inventory: inventoryProjection as Projection,
  payments: paymentsProjection as Projection,
  reports: reportsProjection as Projection,
};

export const PROJECTION_NAMES = Object.keys(PROJECTIONS) as ProjectionName[];

export function isProjectionName(name: string): name is ProjectionName {
  return (PROJECTION_NAMES as string[]).includes(name);
}

export function projectionNamed(name: string): Projection {
  if (!isProjectionName(name)) {
    throw new Error(`unknown projection "${name}": expected one of ${PROJECTION_NAMES.join(', ')}`);
  }
  return PROJECTIONS[name];
}
