import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderCancellationRequested } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { CancelOrderHandler } from './cancel-order.handler';

@Controller()
export class CancelOrderMessageController {
  constructor(
    private readonly handler: CancelOrderHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderCancellationRequested')
  async onCancellationRequested(@Payload() message: OrderCancellationRequested, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `channel:${message.channel}`));
  }
}
