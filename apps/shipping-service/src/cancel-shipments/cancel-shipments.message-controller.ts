import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { CancelShipmentsHandler } from './cancel-shipments.handler';

@Controller()
export class CancelShipmentsMessageController {
  constructor(
    private readonly handler: CancelShipmentsHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ReservationReleased')
  async onReservationReleased(
    @Payload() m: ServiceEventMessage<InventoryEventData<'ReservationReleased'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }
}
