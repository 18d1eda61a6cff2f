import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderSubmitted } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ReceiveOrderHandler } from './receive-order.handler';

@Controller()
export class ReceiveOrderMessageController {
  constructor(
    private readonly handler: ReceiveOrderHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderSubmitted')
  async onOrderSubmitted(@Payload() message: OrderSubmitted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `channel:${message.channel}`));
  }
}
