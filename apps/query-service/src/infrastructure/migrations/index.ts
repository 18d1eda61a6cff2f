import { MigrationInterface } from 'typeorm';
import { CreateQuerySchema1732400050000 } from './1732400050000-create-query-schema';

/** Tables of the query-service's own (the projections' schema), in order. */
export const queryMigrations: (new () => MigrationInterface)[] = [CreateQuerySchema1732400050000];
