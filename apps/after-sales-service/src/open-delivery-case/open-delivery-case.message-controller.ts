import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderEventData, ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { OpenDeliveryCaseHandler } from './open-delivery-case.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class OpenDeliveryCaseMessageController {
  constructor(
    private readonly handler: OpenDeliveryCaseHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ShipmentDeliveryFailed')
  async onDeliveryFailed(@Payload() m: Message<ShippingEventData<'ShipmentDeliveryFailed'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle({ kind: 'DELIVERY_FAILED', shipment: m.data }, this.units.forMessage(ctx, 'service:shipping-service'));
  }

  @EventPattern('ShipmentReturnedToSender')
  async onReturnedToSender(
    @Payload() m: Message<ShippingEventData<'ShipmentReturnedToSender'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(
      { kind: 'RETURNED_TO_SENDER', shipment: m.data },
      this.units.forMessage(ctx, 'service:shipping-service'),
    );
  }

  @EventPattern('OrderShippedAfterCancellation')
  async onShippedAfterCancellation(
    @Payload() m: Message<OrderEventData<'OrderShippedAfterCancellation'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(
      { kind: 'SHIPPED_AFTER_CANCELLATION', shipment: m.data },
      this.units.forMessage(ctx, 'service:order-service'),
    );
  }
}
