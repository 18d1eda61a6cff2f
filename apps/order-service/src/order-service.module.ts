import { Module } from '@nestjs/common';
import { loadConfig, PlatformModule, privacyProviders } from '@orderflow/platform';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { CancelOrderMessageController } from './cancel-order/cancel-order.message-controller';
import { DocsHttpController } from './docs/docs.http-controller';
import { AuthorizationExpiry } from './expire-authorizations/authorization-expiry';
import { AuthorizationExpirySchedule } from './expire-authorizations/authorization-expiry.schedule';
import { OrderPaymentIndex } from './infrastructure/order-payment-index';
import { PaymentAnswerHandler } from './settle-payments/payment-answer.handler';
import { PaymentAnswerMessageController } from './settle-payments/payment-answer.message-controller';
import { RequestRefundHandler } from './settle-payments/request-refund.handler';
import { RequestRefundMessageController } from './settle-payments/request-refund.message-controller';
import { ORDER_CONFIG, orderEnvSchema } from './infrastructure/order.config';
import { OrderCatalogRepository } from './infrastructure/order-catalog';
import { ChangeOrderHandler } from './change-order/change-order.handler';
import { ChangeOrderMessageController } from './change-order/change-order.message-controller';
import { ChannelsHttpController, LeadTimesHttpController, ProductsHttpController } from './manage-reference-data/reference-data.http-controllers';
import { SeedReferenceData } from './manage-reference-data/seed-reference-data';
import { ReceiveOrderHandler } from './receive-order/receive-order.handler';
import { ReceiveOrderMessageController } from './receive-order/receive-order.message-controller';
import { SERVICE } from './service';
import { TrackFulfilmentHandler } from './track-fulfilment/track-fulfilment.handler';
import { TrackFulfilmentMessageController } from './track-fulfilment/track-fulfilment.message-controller';
import { TrackProductionHandler } from './track-production/track-production.handler';
import { TrackProductionMessageController } from './track-production/track-production.message-controller';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    ReceiveOrderMessageController,
    CancelOrderMessageController,
    ChangeOrderMessageController,
    TrackFulfilmentMessageController,
    TrackProductionMessageController,
    PaymentAnswerMessageController,
    RequestRefundMessageController,
    ChannelsHttpController,
    LeadTimesHttpController,
    ProductsHttpController,
    DocsHttpController,
  ],
  providers: [
    { provide: ORDER_CONFIG, useFactory: () => loadConfig(orderEnvSchema) },
    OrderCatalogRepository,
    SeedReferenceData,
    ReceiveOrderHandler,
    CancelOrderHandler,
    ChangeOrderHandler,
    TrackFulfilmentHandler,
    TrackProductionHandler,
    OrderPaymentIndex,
    PaymentAnswerHandler,
    RequestRefundHandler,
    AuthorizationExpiry,
    AuthorizationExpirySchedule,
    ...privacyProviders(),
  ],
})
export class OrderServiceModule {}
