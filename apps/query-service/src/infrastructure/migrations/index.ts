import { MigrationInterface } from 'typeorm';

/** Tables of the query-service's own (local views, sequences), in order. */
export const queryMigrations: (new () => MigrationInterface)[] = [];
