import { Module } from '@nestjs/common';
import { loadConfig, PlatformModule, privacyProviders } from '@orderflow/platform';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { CancelOrderMessageController } from './cancel-order/cancel-order.message-controller';
import { ORDER_CONFIG, orderEnvSchema } from './infrastructure/order.config';
import { OrderCatalogRepository } from './infrastructure/order-catalog';
import { ReceiveOrderHandler } from './receive-order/receive-order.handler';
import { ReceiveOrderMessageController } from './receive-order/receive-order.message-controller';
import { SERVICE } from './service';
import { TrackFulfilmentHandler } from './track-fulfilment/track-fulfilment.handler';
import { TrackFulfilmentMessageController } from './track-fulfilment/track-fulfilment.message-controller';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [ReceiveOrderMessageController, CancelOrderMessageController, TrackFulfilmentMessageController],
  providers: [
    { provide: ORDER_CONFIG, useFactory: () => loadConfig(orderEnvSchema) },
    OrderCatalogRepository,
    ReceiveOrderHandler,
    CancelOrderHandler,
    TrackFulfilmentHandler,
    ...privacyProviders(),
  ],
})
export class OrderServiceModule {}
