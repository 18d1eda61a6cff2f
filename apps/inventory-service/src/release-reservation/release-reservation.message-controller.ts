import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ReleaseReservationHandler } from './release-reservation.handler';

@Controller()
export class ReleaseReservationMessageController {
  constructor(
    private readonly handler: ReleaseReservationHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderCancelled')
  async onOrderCancelled(@Payload() m: ServiceEventMessage<OrderEventData<'OrderCancelled'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }
}
