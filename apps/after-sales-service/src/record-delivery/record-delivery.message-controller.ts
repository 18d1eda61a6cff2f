import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RecordDeliveryHandler } from './record-delivery.handler';

@Controller()
export class RecordDeliveryMessageController {
  constructor(
    private readonly handler: RecordDeliveryHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ShipmentDelivered')
  async onDelivered(@Payload() m: ServiceEventMessage<ShippingEventData<'ShipmentDelivered'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }
}
