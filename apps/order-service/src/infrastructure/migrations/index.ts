import { MigrationInterface } from 'typeorm';
import { CreateOrderViews1732400010000 } from './1732400010000-create-order-views';
import { OrderServiceRole1732400010100 } from './1732400010100-order-service-role';
import { PaymentIndex1732400010500 } from './1732400010500-payment-index';
import { CreateReferenceViews1732400011000 } from './1732400011000-create-reference-views';

/** Tables of the order-service's own (local views, sequences), in order. */
export const orderMigrations: (new () => MigrationInterface)[] = [CreateOrderViews1732400010000, OrderServiceRole1732400010100, PaymentIndex1732400010500, CreateReferenceViews1732400011000];
