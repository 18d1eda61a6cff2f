import { Module } from '@nestjs/common';
import { PlatformModule } from '@orderflow/platform';
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
  ],
  providers: [
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
