import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AftersalesEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ExpectReturnHandler } from './expect-return.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class ExpectReturnMessageController {
  constructor(
    private readonly handler: ExpectReturnHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ReturnAuthorized')
  async onReturnAuthorized(@Payload() m: Message<AftersalesEventData<'ReturnAuthorized'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.authorized(m.data, this.units.forMessage(ctx, 'service:after-sales-service'));
  }

  @EventPattern('ReturnRejected')
  async onReturnRejected(@Payload() m: Message<AftersalesEventData<'ReturnRejected'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.rejected(m.data, this.units.forMessage(ctx, 'service:after-sales-service'));
  }
}
