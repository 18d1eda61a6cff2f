import { MigrationInterface } from 'typeorm';
import { CreateQuerySchema1732400050000 } from './1732400050000-create-query-schema';
import { WidenProjectionQuantities1732400070000 } from './1732400070000-widen-projection-quantities';
import { QueryServiceRole1732400070100 } from './1732400070100-query-service-role';
import { PaymentsReadSide1732400080000 } from './1732400080000-payments-read-side';
import { InventoryDemandDaily1732400081000 } from './1732400081000-inventory-demand-daily';
import { MadeToOrderReadSide1732400082500 } from './1732400082500-made-to-order-read-side';
import { ReportsReadSide1732400084000 } from './1732400084000-reports-read-side';

/** Tables of the query-service's own (the projections' schema), in order. */
export const queryMigrations: (new () => MigrationInterface)[] = [
  CreateQuerySchema1732400050000,
  WidenProjectionQuantities1732400070000,
  QueryServiceRole1732400070100,
  PaymentsReadSide1732400080000,
  InventoryDemandDaily1732400081000,
  MadeToOrderReadSide1732400082500,
  ReportsReadSide1732400084000,
];
