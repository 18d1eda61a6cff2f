import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MigrationInterface } from 'typeorm';
import { platformMigrations } from '@orderflow/platform';

type MigrationClass = new () => MigrationInterface;

/** The services that own tables. Each publishes its migrations from `apps/<service>/src/migrations`. */
const SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway'];

// Loaded at run time, not imported: tools may not depend on an app's code (the module boundaries
// lint rule), only on the one file each app publishes for this. From the sources (swc-node, Jest)
// this loads the .ts files, from dist/ the compiled ones. The graph knows of the dependency through
// tools/project.json's implicitDependencies.
const load = createRequire(__filename);
const migrationsOf = (service: string): MigrationClass[] =>
  (load(join(__dirname, '../../apps', service, 'src/migrations')) as { migrations: MigrationClass[] }).migrations;

/**
 * Every migration of the system: the shared event store, checkpoints and inbox, then each
 * service's own tables. One database here; each service only touches its own tables.
 * TypeORM applies them in the order of their timestamps.
 */
export const allMigrations: MigrationClass[] = [...platformMigrations, ...SERVICES.flatMap(migrationsOf)];
