import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RestockReturnedShipmentHandler } from './restock-returned-shipment.handler';

@Controller()
export class RestockReturnedShipmentMessageController {
  constructor(
    private readonly handler: RestockReturnedShipmentHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ShipmentReturnedToSender')
  async onReturnedToSender(
    @Payload() m: ServiceEventMessage<ShippingEventData<'ShipmentReturnedToSender'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }
}
