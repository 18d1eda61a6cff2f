import { Module } from '@nestjs/common';
import { loadConfig, PlatformModule } from '@orderflow/platform';
import { AllocateOrderHandler } from './allocate-order/allocate-order.handler';
import { AllocateOrderMessageController } from './allocate-order/allocate-order.message-controller';
import { ExpectReturnHandler } from './expect-return/expect-return.handler';
import { ExpectReturnMessageController } from './expect-return/expect-return.message-controller';
import { FreeCancelledShipmentHandler } from './free-cancelled-shipment/free-cancelled-shipment.handler';
import { FreeCancelledShipmentMessageController } from './free-cancelled-shipment/free-cancelled-shipment.message-controller';
import { WarehouseDirectory } from './infrastructure/warehouse-directory';
import { ReceiveReturnHandler } from './receive-return/receive-return.handler';
import { ReceiveReturnMessageController } from './receive-return/receive-return.message-controller';
import { ReceiveStockHandler } from './receive-stock/receive-stock.handler';
import { ReceiveStockMessageController } from './receive-stock/receive-stock.message-controller';
import { RegisterWarehouseHandler } from './register-warehouse/register-warehouse.handler';
import { RegisterWarehouseMessageController } from './register-warehouse/register-warehouse.message-controller';
import { ReleaseReservationHandler } from './release-reservation/release-reservation.handler';
import { ReleaseReservationMessageController } from './release-reservation/release-reservation.message-controller';
import { RestockReturnedShipmentHandler } from './restock-returned-shipment/restock-returned-shipment.handler';
import { RestockReturnedShipmentMessageController } from './restock-returned-shipment/restock-returned-shipment.message-controller';
import { SERVICE } from './service';
import { ShipReservationHandler } from './ship-reservation/ship-reservation.handler';
import { ShipReservationMessageController } from './ship-reservation/ship-reservation.message-controller';
import { ProductionSlipDetector } from './detect-production-slips/production-slip-detector';
import { ProductionSlipSchedule } from './detect-production-slips/production-slip.schedule';
import { PRODUCTION_CONFIG, productionEnvSchema } from './infrastructure/production.config';
import { RecordProductionHandler } from './record-production/record-production.handler';
import { RecordProductionMessageController } from './record-production/record-production.message-controller';
import { STOCK_COVER_CONFIG, stockCoverEnvSchema } from './infrastructure/stock-cover.config';
import { StockCoverWatchService } from './watch-stock-cover/stock-cover-watch.service';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    RegisterWarehouseMessageController,
    ReceiveStockMessageController,
    AllocateOrderMessageController,
    ReleaseReservationMessageController,
    ShipReservationMessageController,
    ReceiveReturnMessageController,
    ExpectReturnMessageController,
    FreeCancelledShipmentMessageController,
    RestockReturnedShipmentMessageController,
    RecordProductionMessageController,
  ],
  providers: [
    { provide: STOCK_COVER_CONFIG, useFactory: () => loadConfig(stockCoverEnvSchema) },
    StockCoverWatchService,
    { provide: PRODUCTION_CONFIG, useFactory: () => loadConfig(productionEnvSchema) },
    RecordProductionHandler,
    ProductionSlipDetector,
    ProductionSlipSchedule,
    WarehouseDirectory,
    RegisterWarehouseHandler,
    ReceiveStockHandler,
    AllocateOrderHandler,
    ReleaseReservationHandler,
    ShipReservationHandler,
    ReceiveReturnHandler,
    ExpectReturnHandler,
    FreeCancelledShipmentHandler,
    RestockReturnedShipmentHandler,
  ],
})
export class InventoryServiceModule {}
