import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReturnParcelReceived } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ReceiveReturnHandler } from './receive-return.handler';

@Controller()
export class ReceiveReturnMessageController {
  constructor(
    private readonly handler: ReceiveReturnHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ReturnParcelReceived')
  async onReturnParcelReceived(@Payload() message: ReturnParcelReceived, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `warehouse:${message.warehouseId}`));
  }
}
