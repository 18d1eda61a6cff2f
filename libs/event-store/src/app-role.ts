/**
 * The database roles (ADR 23). Each service logs in as its own role, which may append only to the
 * stream categories it owns (through `append_events`, which also sets `recorded_at` and the hash
 * chain) and touch only the tables it owns. `orderflow_app` logs in as nobody: it is the union of
 * the service roles, for tools and tests that play the whole system in one process, and a member of
 * the importer role, the only one whose `recorded_at` the store takes as given (history imports and
 * test fixtures).
 */
export const APP_ROLE = 'orderflow_app';

/** May supply `recorded_at` to `append_events`; granted to no service. */
export const IMPORTER_ROLE = 'orderflow_importer';

/** The login role of each service, and of the operators' CLI (`orderflow_admin`). */
export const DB_ROLES = {
  'order-service': 'orderflow_order',
  'inventory-service': 'orderflow_inventory',
  'shipping-service': 'orderflow_shipping',
  'after-sales-service': 'orderflow_after_sales',
  'query-service': 'orderflow_query',
  'ingest-gateway': 'orderflow_gateway',
  cli: 'orderflow_admin',
} as const;

export type DbRoleOwner = keyof typeof DB_ROLES;
export type DbRole = (typeof DB_ROLES)[DbRoleOwner];

/** The role a service (or the CLI) logs in as by default. */
export function dbRoleOf(service: string): DbRole | undefined {
  return (DB_ROLES as Record<string, DbRole>)[service];
}
