import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReturnRequested } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RequestReturnHandler } from './request-return.handler';

@Controller()
export class RequestReturnMessageController {
  constructor(
    private readonly handler: RequestReturnHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ReturnRequested')
  async onReturnRequested(@Payload() message: ReturnRequested, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `channel:${message.channel}`));
  }
}
