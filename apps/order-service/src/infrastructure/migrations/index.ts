import { MigrationInterface } from 'typeorm';
import { CreateOrderViews1732400010000 } from './1732400010000-create-order-views';
import { OrderServiceRole1732400010100 } from './1732400010100-order-service-role';

/** Tables of the order-service's own (local views, sequences), in order. */
export const orderMigrations: (new () => MigrationInterface)[] = [CreateOrderViews1732400010000, OrderServiceRole1732400010100];
