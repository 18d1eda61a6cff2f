import { MigrationInterface } from 'typeorm';
import { CreateShippingViews1732400030000 } from './1732400030000-create-shipping-views';
import { ShippingServiceRole1732400030100 } from './1732400030100-shipping-service-role';
import { CreateShippingReferenceViews1732400031000 } from './1732400031000-create-reference-views';
import { CreateCourierViews1732400032000 } from './1732400032000-create-courier-views';

/** Tables of the shipping-service's own (local views, sequences), in order. */
export const shippingMigrations: (new () => MigrationInterface)[] = [CreateShippingViews1732400030000, ShippingServiceRole1732400030100, CreateShippingReferenceViews1732400031000, CreateCourierViews1732400032000];
