import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderChangeRequested } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ChangeOrderHandler } from './change-order.handler';

@Controller()
export class ChangeOrderMessageController {
  constructor(
    private readonly handler: ChangeOrderHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderChangeRequested')
  async onChangeRequested(@Payload() message: OrderChangeRequested, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `channel:${message.channel}`));
  }
}
