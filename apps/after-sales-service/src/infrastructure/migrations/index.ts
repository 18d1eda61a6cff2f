import { MigrationInterface } from 'typeorm';
import { CreateAfterSalesViews1732400040000 } from './1732400040000-create-aftersales-views';

/** Tables of the after-sales-service's own (local views, sequences), in order. */
export const afterSalesMigrations: (new () => MigrationInterface)[] = [CreateAfterSalesViews1732400040000];
