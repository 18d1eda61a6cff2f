import { MigrationInterface } from 'typeorm';
import { CreateOrderViews1732400010000 } from './1732400010000-create-order-views';

/** Tables of the order-service's own (local views, sequences), in order. */
export const orderMigrations: (new () => MigrationInterface)[] = [CreateOrderViews1732400010000];
