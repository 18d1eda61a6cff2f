import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { FreeCancelledShipmentHandler } from './free-cancelled-shipment.handler';

@Controller()
export class FreeCancelledShipmentMessageController {
  constructor(
    private readonly handler: FreeCancelledShipmentHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ShipmentCancelled')
  async onShipmentCancelled(
    @Payload() m: ServiceEventMessage<ShippingEventData<'ShipmentCancelled'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }
}
