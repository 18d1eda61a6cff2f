import { MigrationInterface } from 'typeorm';

/** Tables of the shipping-service's own (local views, sequences), in order. */
export const shippingMigrations: (new () => MigrationInterface)[] = [];
