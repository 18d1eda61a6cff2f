import { MigrationInterface } from 'typeorm';
import { CreateInventoryViews1732400020000 } from './1732400020000-create-inventory-views';
import { InventoryServiceRole1732400020100 } from './1732400020100-inventory-service-role';
import { AwaitingPayment1732400020500 } from './1732400020500-awaiting-payment';
import { WarehouseLocations1732400020600 } from './1732400020600-warehouse-locations';
import { StockCoverWatch1732400020700 } from './1732400020700-stock-cover-watch';
import { ProductionOrders1732400020900 } from './1732400020900-production-orders';

/** Tables of the inventory-service's own (local views, sequences), in order. */
export const inventoryMigrations: (new () => MigrationInterface)[] = [
  CreateInventoryViews1732400020000,
  InventoryServiceRole1732400020100,
  AwaitingPayment1732400020500,
  WarehouseLocations1732400020600,
  StockCoverWatch1732400020700,
  ProductionOrders1732400020900,
];
