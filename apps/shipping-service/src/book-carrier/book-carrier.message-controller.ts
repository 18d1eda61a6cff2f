import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ShipmentPacked } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { BookCarrierHandler } from './book-carrier.handler';

@Controller()
export class BookCarrierMessageController {
  constructor(
    private readonly handler: BookCarrierHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  /** ShipmentPacked names no warehouse, so the actor is the warehouse side as a whole. */
  @EventPattern('ShipmentPacked')
  async onShipmentPacked(@Payload() message: ShipmentPacked, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, 'warehouse'));
  }
}
