import { MigrationInterface } from 'typeorm';
import { CreateInventoryViews1732400020000 } from './1732400020000-create-inventory-views';

/** Tables of the inventory-service's own (local views, sequences), in order. */
export const inventoryMigrations: (new () => MigrationInterface)[] = [CreateInventoryViews1732400020000];
