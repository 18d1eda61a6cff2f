import { MigrationInterface } from 'typeorm';

/** Tables of the after-sales-service's own (local views, sequences), in order. */
export const afterSalesMigrations: (new () => MigrationInterface)[] = [];
