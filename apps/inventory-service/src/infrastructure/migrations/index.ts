import { MigrationInterface } from 'typeorm';

/** Tables of the inventory-service's own (local views, sequences), in order. */
export const inventoryMigrations: (new () => MigrationInterface)[] = [];
