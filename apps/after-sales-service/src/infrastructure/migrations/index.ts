import { MigrationInterface } from 'typeorm';
import { CreateAfterSalesViews1732400040000 } from './1732400040000-create-aftersales-views';
import { CreateAwaitedReturns1732400041000 } from './1732400041000-create-awaited-returns';
import { TrackOrderRefunds1732400042000 } from './1732400042000-track-order-refunds';
import { AfterSalesServiceRole1732400043000 } from './1732400043000-after-sales-service-role';

/** Tables of the after-sales-service's own (local views, sequences), in order. */
export const afterSalesMigrations: (new () => MigrationInterface)[] = [
  CreateAfterSalesViews1732400040000,
  CreateAwaitedReturns1732400041000,
  TrackOrderRefunds1732400042000,
  AfterSalesServiceRole1732400043000,
];
