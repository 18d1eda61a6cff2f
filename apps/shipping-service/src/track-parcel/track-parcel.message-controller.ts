import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TrackingUpdated } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { TrackParcelHandler } from './track-parcel.handler';

@Controller()
export class TrackParcelMessageController {
  constructor(
    private readonly handler: TrackParcelHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('TrackingUpdated')
  async onTrackingUpdated(@Payload() message: TrackingUpdated, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `carrier:${message.carrier}`));
  }
}
