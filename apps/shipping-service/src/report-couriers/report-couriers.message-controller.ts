import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CourierAccepted, CourierAvailable, CourierPosition } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ReportCouriersHandler } from './report-couriers.handler';

@Controller()
export class ReportCouriersMessageController {
  constructor(
    private readonly handler: ReportCouriersHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('CourierAvailable')
  async onCourierAvailable(@Payload() message: CourierAvailable, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.available(message, this.units.forMessage(ctx, `carrier:${message.carrier}`));
  }

  @EventPattern('CourierPosition')
  async onCourierPosition(@Payload() message: CourierPosition, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.moved(message, this.units.forMessage(ctx, `carrier:${message.carrier}`));
  }

  @EventPattern('CourierAccepted')
  async onCourierAccepted(@Payload() message: CourierAccepted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.accepted(message, this.units.forMessage(ctx, `carrier:${message.carrier}`));
  }
}
