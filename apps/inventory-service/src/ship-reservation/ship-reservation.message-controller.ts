import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ShipReservationHandler } from './ship-reservation.handler';

@Controller()
export class ShipReservationMessageController {
  constructor(
    private readonly handler: ShipReservationHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ShipmentPickedUp')
  async onShipmentPickedUp(
    @Payload() m: ServiceEventMessage<ShippingEventData<'ShipmentPickedUp'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }
}
