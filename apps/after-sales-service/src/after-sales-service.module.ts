import { Module } from '@nestjs/common';
import { loadConfig, PlatformModule } from '@orderflow/platform';
import { AwaitedReturnCheckSchedule } from './decide-awaited-return/awaited-return-check.schedule';
import { AwaitedReturnChecker } from './decide-awaited-return/awaited-return-checker';
import { DecideAwaitedReturnHandler } from './decide-awaited-return/decide-awaited-return.handler';
import { DocsHttpController } from './docs/docs.http-controller';
import { ExchangeShippedHandler } from './exchange-shipped/exchange-shipped.handler';
import { ExchangeShippedMessageController } from './exchange-shipped/exchange-shipped.message-controller';
import { FileComplaintHandler } from './file-complaint/file-complaint.handler';
import { FileComplaintMessageController } from './file-complaint/file-complaint.message-controller';
import { AFTERSALES_CONFIG, afterSalesEnvSchema } from './infrastructure/aftersales.config';
import { AfterSalesNumbers } from './infrastructure/aftersales-numbers';
import { AwaitedReturnsRepository } from './infrastructure/awaited-returns.repository';
import { DeliveryCaseRepository } from './infrastructure/delivery-cases.repository';
import { OrderViewRepository } from './infrastructure/order-view.repository';
import { OpenDeliveryCaseHandler } from './open-delivery-case/open-delivery-case.handler';
import { OpenDeliveryCaseMessageController } from './open-delivery-case/open-delivery-case.message-controller';
import { ReceiveReturnParcelHandler } from './receive-return-parcel/receive-return-parcel.handler';
import { ReceiveReturnParcelMessageController } from './receive-return-parcel/receive-return-parcel.message-controller';
import { RecordDeliveryHandler } from './record-delivery/record-delivery.handler';
import { RecordDeliveryMessageController } from './record-delivery/record-delivery.message-controller';
import { RecordOrderHandler } from './record-order/record-order.handler';
import { RecordOrderMessageController } from './record-order/record-order.message-controller';
import { RequestReturnHandler } from './request-return/request-return.handler';
import { RequestReturnMessageController } from './request-return/request-return.message-controller';
import { ResolveComplaintHandler } from './resolve-complaint/resolve-complaint.handler';
import { ResolveComplaintHttpController } from './resolve-complaint/resolve-complaint.http.controller';
import { SERVICE } from './service';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    RecordOrderMessageController,
    RecordDeliveryMessageController,
    RequestReturnMessageController,
    ReceiveReturnParcelMessageController,
    ExchangeShippedMessageController,
    FileComplaintMessageController,
    OpenDeliveryCaseMessageController,
    ResolveComplaintHttpController,
    DocsHttpController,
  ],
  providers: [
    { provide: AFTERSALES_CONFIG, useFactory: () => loadConfig(afterSalesEnvSchema) },
    OrderViewRepository,
    AfterSalesNumbers,
    DeliveryCaseRepository,
    AwaitedReturnsRepository,
    DecideAwaitedReturnHandler,
    AwaitedReturnChecker,
    AwaitedReturnCheckSchedule,
    RecordOrderHandler,
    RecordDeliveryHandler,
    RequestReturnHandler,
    ReceiveReturnParcelHandler,
    ExchangeShippedHandler,
    FileComplaintHandler,
    OpenDeliveryCaseHandler,
    ResolveComplaintHandler,
  ],
})
export class AfterSalesServiceModule {}
